package dev.nflab.docker;

/** Something Docker 20.10 refuses, in Docker's own words. */
public final class DockerException extends Exception {
    public DockerException(String message) {
        super(message);
    }
}

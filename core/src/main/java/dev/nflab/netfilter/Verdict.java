package dev.nflab.netfilter;

/**
 * What a target tells the chain traversal to do next. ACCEPT and DROP end the table's traversal
 * at this hook; CONTINUE goes on with the next rule (LOG, MARK, TRACE); RETURN resumes the calling
 * chain; JUMP and GOTO enter a user chain.
 */
public enum Verdict {
    CONTINUE, ACCEPT, DROP, RETURN, JUMP, GOTO
}

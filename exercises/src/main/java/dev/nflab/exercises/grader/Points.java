package dev.nflab.exercises.grader;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a graded test is worth, and how long it may run. Put it on every {@code @Test} method of an
 * exercise's tests: the test earns {@link #value()} points when it passes, 0 otherwise. A test with
 * no {@code @Points} is worth 1 point.
 *
 * <p>{@link #seconds()} is the test's time limit (0: the grader's default, see {@code --timeout}).
 * A test that runs longer (an endless loop in the learner's code) is stopped and scores 0; the
 * other tests are not affected.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Points {
    int value();

    int seconds() default 0;
}

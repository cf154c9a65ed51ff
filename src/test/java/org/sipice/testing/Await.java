package org.sipice.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits for a step of a test (a call established, a session gathered, a BYE received) with a
 * deadline, and fails the test with a sentence that names the step as the test wrote it:
 *
 * <pre>
 * import static org.sipice.testing.Await.await;
 *
 * await(bobCall.iceReady());                 // within DEADLINE
 * LocalIce offer = await(alice.gather(), Duration.ofSeconds(5));
 * Throwable why = awaitFailure(turn.allocate());
 * </pre>
 *
 * A late step fails with {@code "bobCall.iceReady() not done within 20 s (ForkingLadderTest.java:81)"},
 * a failed one with {@code "bobCall.iceReady() failed: <its cause>"}, the cause attached: the
 * expression is read back from the test's source line when the source is at hand (tests run from
 * the project directory), else the file and line alone name the step.
 */
public final class Await {
    /** How long a step may take on loopback: far above any step's time, even under load. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private Await() {
    }

    /** The value of {@code future} once it completes, within {@link #DEADLINE}. */
    public static <T> T await(Future<T> future) {
        return await(future, DEADLINE);
    }

    /** The value of {@code future} once it completes, within {@code within}. */
    public static <T> T await(Future<T> future, Duration within) {
        try {
            return future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(failure("await", "not done within " + seconds(within)), e);
        } catch (ExecutionException e) {
            throw new AssertionError(failure("await", "failed: " + e.getCause()), e.getCause());
        } catch (CancellationException e) {
            throw new AssertionError(failure("await", "was cancelled"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(failure("await", "interrupted"), e);
        }
    }

    /** Why {@code future} failed, within {@link #DEADLINE}; the test fails if it succeeds. */
    public static Throwable awaitFailure(Future<?> future) {
        return awaitFailure(future, DEADLINE);
    }

    /** Why {@code future} failed, within {@code within}; the test fails if it succeeds. */
    public static Throwable awaitFailure(Future<?> future, Duration within) {
        Object value;
        try {
            value = future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError(failure("awaitFailure", "neither failed nor succeeded within " + seconds(within)), e);
        } catch (CancellationException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(failure("awaitFailure", "interrupted"), e);
        }
        throw new AssertionError(failure("awaitFailure", "was expected to fail but gave " + value));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** E.g. {@code "call.established() not done within 20 s (BasicCallLadderTest.java:57)"}. */
    private static String failure(String method, String what) {
        StackTraceElement caller = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Await.class.getName()))
                .findFirst().map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
        if (caller == null || caller.getFileName() == null) {
            return "the awaited step " + what;
        }
        String where = caller.getFileName() + ":" + caller.getLineNumber();
        String expression = expressionAt(caller, method);
        return (expression == null ? "the step" : expression) + " " + what + " (" + where + ")";
    }

    /** The argument of {@code method(...)} on the caller's source line, or null. */
    private static String expressionAt(StackTraceElement caller, String method) {
        String className = caller.getClassName();
        int dot = className.lastIndexOf('.');
        String dir = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
        Path source = Path.of("src/test/java", dir, caller.getFileName());
        try {
            List<String> lines = Files.readAllLines(source);
            String line = lines.get(caller.getLineNumber() - 1);
            Matcher call = Pattern.compile("(?:(?<![\\w.])|(?<=Await\\.))" + method + "\\(").matcher(line);
            if (!call.find()) {
                return null;
            }
            int start = call.end();
            int depth = 0;
            for (int i = start; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')' && depth-- == 0 || c == ',' && depth == 0) {
                    return line.substring(start, i).trim();
                }
            }
            return line.substring(start).trim();
        } catch (Exception e) {
            return null; // no source at hand (a jar, another directory): file and line only
        }
    }
}

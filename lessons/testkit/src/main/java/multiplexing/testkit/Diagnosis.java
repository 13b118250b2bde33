package multiplexing.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import multiplexing.toolkit.Todo;

/**
 * Turns what the test can see of the server (an exception its loop died of, where its threads are now) into words
 * that point at the learner's code: the frames of the lesson's own classes, not the JDK's or the testkit's.
 */
final class Diagnosis {

    /** Enough frames to see the path through the learner's code, few enough to read in a test report. */
    private static final int LESSON_FRAMES = 3;
    private static final int THREADS_SHOWN = 4;

    private Diagnosis() {
    }

    /** "NullPointerException: Cannot invoke ..., at EchoServer.read(EchoServer.java:42) <- EchoServer.serve(...)". */
    static String describe(Throwable failure, String lessonPackage) {
        if (failure instanceof Todo todo) {
            return "an unfinished " + todo.getMessage() + where(todo.getStackTrace(), lessonPackage, " It was thrown");
        }
        StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
        if (failure.getMessage() != null) {
            text.append(": ").append(failure.getMessage());
        }
        Throwable cause = failure.getCause();
        if (cause != null && cause != failure) {
            text.append(" (caused by ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
            text.append(')');
        }
        return text.append(where(failure.getStackTrace(), lessonPackage, "; thrown")).toString();
    }

    /**
     * Where the threads that run the lesson's code are now: a stalled server's best explanation. The loop threads of
     * earlier tests' servers (named like {@code loop}, but not it) are left out.
     */
    static String whereServerThreadsAre(String lessonPackage, Thread loop) {
        List<String> threads = new ArrayList<>();
        Thread self = Thread.currentThread();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = entry.getValue();
            Thread thread = entry.getKey();
            boolean earlierLoop = thread != loop && thread.getName().equals(loop.getName());
            if (thread == self || earlierLoop || !runsServerCode(stack, lessonPackage)) {
                continue;
            }
            threads.add("thread \"" + entry.getKey().getName() + "\" is " + position(stack, lessonPackage));
        }
        if (threads.isEmpty()) {
            return "";
        }
        threads.sort(null);
        List<String> shown = threads.subList(0, Math.min(threads.size(), THREADS_SHOWN));
        return " Meanwhile the server's " + (threads.size() == 1 ? "one thread" : threads.size() + " threads")
                + ": " + String.join("; ", shown) + (threads.size() > shown.size() ? "; ..." : "") + ".";
    }

    /** True if the loop thread is waiting for bytes from one connection (a blocking read), not for the next one. */
    static boolean loopIsBlockedInARead(Thread loop) {
        StackTraceElement[] stack = loop.getStackTrace();
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName() + "." + frame.getMethodName();
            if (name.contains("accept") || name.contains("Selector") || name.contains("select")) {
                return false;
            }
            if (name.endsWith(".read") || name.contains("implRead") || name.contains("blockingRead")) {
                return true;
            }
        }
        return false;
    }

    /** True if the loop thread is waiting in a selector's select. */
    static boolean loopIsSelecting(Thread loop) {
        for (StackTraceElement frame : loop.getStackTrace()) {
            if (frame.getClassName().endsWith("SelectorImpl") && frame.getMethodName().startsWith("select")) {
                return true;
            }
        }
        return false;
    }

    /** Where the loop thread is now, for a loop that does not end. */
    static String whereLoopIs(Thread loop, String lessonPackage) {
        StackTraceElement[] stack = loop.getStackTrace();
        if (stack.length == 0) {
            return "";
        }
        return " The loop thread is " + position(stack, lessonPackage) + ".";
    }

    private static boolean runsServerCode(StackTraceElement[] stack, String lessonPackage) {
        boolean lessonCode = false;
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            if (name.startsWith("org.junit.") || name.startsWith("multiplexing.testkit.Exchange")
                    || name.startsWith("multiplexing.testkit.ManyClients")) {
                return false; // a test thread, not the server's
            }
            lessonCode |= inLesson(frame, lessonPackage);
        }
        return lessonCode;
    }

    private static String where(StackTraceElement[] stack, String lessonPackage, String lead) {
        String path = lessonPath(stack, lessonPackage);
        if (path.isEmpty()) {
            return stack.length == 0 ? "." : lead + " in " + shortFrame(stack[0]) + ", outside the lesson's code.";
        }
        return lead + " at " + path + ".";
    }

    /** "in Socket$SocketInputStream.read, called at A.echo(A.java:12) <- A.serve(A.java:40)". */
    private static String position(StackTraceElement[] stack, String lessonPackage) {
        int first = 0;
        while (first < stack.length && !inLesson(stack[first], lessonPackage)) {
            first++;
        }
        if (first == stack.length) {
            return stack.length == 0 ? "nowhere (no stack)" : "in " + shortFrame(stack[0]);
        }
        String waitingIn = first == 0 ? "" : "in " + stack[first - 1].getClassName()
                .substring(stack[first - 1].getClassName().lastIndexOf('.') + 1) + "." + stack[first - 1].getMethodName()
                + ", called ";
        return waitingIn + "at " + lessonPath(stack, lessonPackage);
    }

    /** "A.b(A.java:12) <- A.serve(A.java:40)": the top frames of the lesson's classes, innermost first. */
    private static String lessonPath(StackTraceElement[] stack, String lessonPackage) {
        List<String> frames = Arrays.stream(stack).filter(frame -> inLesson(frame, lessonPackage))
                .limit(LESSON_FRAMES).map(Diagnosis::shortFrame).toList();
        return String.join(" <- ", frames);
    }

    private static boolean inLesson(StackTraceElement frame, String lessonPackage) {
        String name = frame.getClassName();
        return name.startsWith(lessonPackage + ".") && name.indexOf('.', lessonPackage.length() + 1) < 0
                && !name.contains("$$Lambda"); // a lambda's generated class: its body is the frame below
    }

    /** "EchoServer.read(EchoServer.java:42)", without package and module. */
    static String shortFrame(StackTraceElement frame) {
        String className = frame.getClassName();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String file = frame.getFileName() == null ? "unknown source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
        return simple + "." + frame.getMethodName() + "(" + file + ")";
    }
}

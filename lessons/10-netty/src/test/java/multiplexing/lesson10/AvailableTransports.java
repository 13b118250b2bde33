package multiplexing.lesson10;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a transport's tests only where Netty can load that transport, and otherwise reports them as skipped with
 * Netty's own reason: a transport that cannot run here is never counted as passed.
 */
final class AvailableTransports implements ExecutionCondition {

    /** A test class that runs once per transport says which one it runs on now. */
    interface OnTransport {
        Transport transport();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Object instance = context.getTestInstance().orElse(null);
        if (!(instance instanceof OnTransport test)) {
            return ConditionEvaluationResult.enabled("not a test method of a per-transport class");
        }
        Transport transport = test.transport();
        return transport.unavailabilityCause()
                .map(cause -> ConditionEvaluationResult.disabled(transport.unavailableSentence()))
                .orElseGet(() -> ConditionEvaluationResult.enabled(transport + " is available"));
    }
}

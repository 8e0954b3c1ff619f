package io.clickstream.infra.common;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** Log groups of the deployment: encrypted with its customer-managed key, kept for a set number of days. */
public final class EncryptedLogs {

    private EncryptedLogs() {
    }

    /** A log group kept at least {@code days} (the next retention CloudWatch Logs offers). */
    public static LogGroup create(Construct scope, String id, IKey key, int days) {
        return LogGroup.Builder.create(scope, id)
                .encryptionKey(key)
                .retention(retention(days))
                // Logs are evidence after an incident: they outlive a deleted stack until their retention ends.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }
    /** The retention closest above {@code days} among those CloudWatch Logs offers. */
    public static RetentionDays retention(int days) {
        RetentionDays best = RetentionDays.TEN_YEARS;
        int bestDays = Integer.MAX_VALUE;
        for (RetentionDays option : RetentionDays.values()) {
            int value = retentionDays(option);
            if (value >= days && value < bestDays) {
                best = option;
                bestDays = value;
            }
        }
        return best;
    }

    private static int retentionDays(RetentionDays option) {
        return switch (option) {
            case ONE_DAY -> 1;
            case THREE_DAYS -> 3;
            case FIVE_DAYS -> 5;
            case ONE_WEEK -> 7;
            case TWO_WEEKS -> 14;
            case ONE_MONTH -> 30;
            case TWO_MONTHS -> 60;
            case THREE_MONTHS -> 90;
            case FOUR_MONTHS -> 120;
            case FIVE_MONTHS -> 150;
            case SIX_MONTHS -> 180;
            case ONE_YEAR -> 365;
            case THIRTEEN_MONTHS -> 400;
            case EIGHTEEN_MONTHS -> 545;
            case TWO_YEARS -> 731;
            case THREE_YEARS -> 1096;
            case FIVE_YEARS -> 1827;
            case SIX_YEARS -> 2192;
            case SEVEN_YEARS -> 2557;
            case EIGHT_YEARS -> 2922;
            case NINE_YEARS -> 3288;
            case TEN_YEARS -> 3653;
            default -> Integer.MAX_VALUE; // INFINITE: never chosen, logs always get a retention
        };
    }
}

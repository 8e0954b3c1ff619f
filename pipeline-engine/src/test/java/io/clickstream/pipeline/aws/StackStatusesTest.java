package io.clickstream.pipeline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.pipeline.lifecycle.PipelineStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

class StackStatusesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "CREATE_IN_PROGRESS, CREATING", "CREATE_COMPLETE, ACTIVE", "CREATE_FAILED, FAILED",
            "ROLLBACK_IN_PROGRESS, FAILED", "ROLLBACK_COMPLETE, FAILED", "ROLLBACK_FAILED, FAILED",
            "UPDATE_IN_PROGRESS, UPDATING", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, UPDATING", "UPDATE_COMPLETE, ACTIVE",
            "UPDATE_ROLLBACK_IN_PROGRESS, UPDATING", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, UPDATING",
            "UPDATE_ROLLBACK_COMPLETE, FAILED", "UPDATE_ROLLBACK_FAILED, FAILED", "UPDATE_FAILED, FAILED",
            "DELETE_IN_PROGRESS, DELETING", "DELETE_COMPLETE, DELETED", "DELETE_FAILED, FAILED",
            "REVIEW_IN_PROGRESS, CREATING", "IMPORT_IN_PROGRESS, UPDATING", "IMPORT_COMPLETE, ACTIVE",
            "IMPORT_ROLLBACK_IN_PROGRESS, UPDATING", "IMPORT_ROLLBACK_COMPLETE, ACTIVE",
    })
    void each_stack_status_means_a_pipeline_status(String stack, PipelineStatus pipeline) {
        assertThat(StackStatuses.pipelineStatusOf(stack)).isEqualTo(pipeline);
        assertThat(StackStatuses.settled(stack)).isEqualTo(!stack.endsWith("_IN_PROGRESS"));
    }

    @ParameterizedTest
    @EnumSource(value = StackStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN_TO_SDK_VERSION")
    void every_status_the_sdk_knows_is_mapped(StackStatus status) {
        assertThat(StackStatuses.pipelineStatusOf(status.toString())).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({"SOMETHING_NEW"})
    void an_unknown_status_is_an_error(String status) {
        assertThatThrownBy(() -> StackStatuses.pipelineStatusOf(status)).hasMessageContaining("SOMETHING_NEW");
    }
}

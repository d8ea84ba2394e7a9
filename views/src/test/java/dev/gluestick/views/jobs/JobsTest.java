package dev.gluestick.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.InputException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class JobsTest {

    @Test
    void inputProblemsAreShownAsTheyAre() {
        assertThat(ErrorMessages.describe(new InputException("model.safetensors: header longer than file")))
                .isEqualTo("model.safetensors: header longer than file");
        assertThat(ErrorMessages.describe(new ExecutionException(new InputException("bad shard")))).isEqualTo("bad shard");
    }

    @Test
    void fileProblemsAndBugsAreSaidInWords() {
        assertThat(ErrorMessages.describe(new UncheckedIOException(new NoSuchFileException("/x/y"))))
                .isEqualTo("File not found: /x/y");
        assertThat(ErrorMessages.describe(new IllegalStateException("boom")))
                .startsWith("Something went wrong inside gluestick (IllegalStateException): boom");
        assertThat(ErrorMessages.describe(new OutOfMemoryError())).contains("-Xmx");
    }

    @Test
    void synchronousExecutorReportsProgressPublishesAndFails() {
        List<String> failures = new ArrayList<>();
        CurrentThreadJobExecutor ex = new CurrentThreadJobExecutor(failures::add);
        List<String> seen = new ArrayList<>();
        Job ok = ex.submit("ok", ctx -> {
            ctx.progress(1, 4);
            ctx.publish(() -> seen.add("published"));
            return 42;
        }, v -> seen.add("result " + v));
        assertThat(ok.getState()).isEqualTo(Job.State.SUCCEEDED);
        assertThat(ok.progressProperty().get()).isEqualTo(0.25);
        assertThat(seen).containsExactly("published", "result 42");

        Job bad = ex.submit("bad", ctx -> {
            throw new InputException("no good");
        }, v -> seen.add("never"));
        assertThat(bad.getState()).isEqualTo(Job.State.FAILED);
        assertThat(failures).containsExactly("no good");
        assertThat(ex.currentJob().get()).isNull();
    }
}

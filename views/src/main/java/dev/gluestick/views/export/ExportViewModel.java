package dev.gluestick.views.export;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.views.format.Format;
import dev.gluestick.views.jobs.Job;
import dev.gluestick.views.jobs.JobExecutor;
import dev.gluestick.views.rank.RankViewModel;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.ExportRequest;
import dev.gluestick.model.export.ExportResult;
import dev.gluestick.views.service.WorkbenchService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The export dialog: where to, what to write, progress, and a summary of what was written. It
 * refuses an existing non-empty folder and anything overlapping the input before starting.
 */
public final class ExportViewModel {

    /** Factor dtypes offered: the ones PEFT loads. */
    public static final List<DType> FACTOR_DTYPES = List.of(DType.BF16, DType.F16, DType.F32);

    private final WorkbenchService service;
    private final JobExecutor executor;
    private final Supplier<Analysis> analysis;
    private final RankViewModel rank;
    private final StringProperty outDir = new SimpleStringProperty(this, "outDir", "");
    private final BooleanProperty adapter = new SimpleBooleanProperty(this, "adapter", true);
    private final BooleanProperty merged = new SimpleBooleanProperty(this, "merged", false);
    private final ObjectProperty<DType> factorDType = new SimpleObjectProperty<>(this, "factorDType", DType.BF16);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<ExportResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<Job> job = new ReadOnlyObjectWrapper<>(this, "job");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);

    public ExportViewModel(WorkbenchService service, JobExecutor executor, Supplier<Analysis> analysis, RankViewModel rank) {
        this.service = service;
        this.executor = executor;
        this.analysis = analysis;
        this.rank = rank;
        outDir.addListener((o, a, b) -> validate());
        validate();
    }

    /** Prepares the dialog for the current analysis: a suggested folder next to the input, the rank panel's dtype. */
    public void prepare() {
        Analysis a = analysis.get();
        result.set(null);
        summary.set("");
        if (a != null) {
            DType d = rank.factorDTypeProperty().get();
            factorDType.set(FACTOR_DTYPES.contains(d) ? d : DType.F32);
            if (outDir.get().isBlank()) {
                Path in = a.model().path().toAbsolutePath();
                Path parent = in.getParent() == null ? in : in.getParent();
                outDir.set(parent.resolve(a.model().name() + "-gluestick").toString());
            }
        }
        validate();
    }

    public void validate() {
        problem.set(check().orElse(""));
    }

    private Optional<String> check() {
        Analysis a = analysis.get();
        if (a == null || rank.allocationProperty().get() == null) {
            return Optional.of("Analyze a model before exporting");
        }
        String text = outDir.get() == null ? "" : outDir.get().trim();
        if (text.isEmpty()) {
            return Optional.of("Choose an output folder");
        }
        Path out;
        try {
            out = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return Optional.of("Not a folder name: " + text);
        }
        Path in = a.model().path().toAbsolutePath().normalize();
        if (out.equals(in) || out.startsWith(in) || in.startsWith(out)) {
            return Optional.of("The output folder must not be the input or contain it or lie inside it: " + in);
        }
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                return Optional.of(out + " is a file; choose a new folder");
            }
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    return Optional.of(out + " already exists and is not empty; choose a new folder");
                }
            } catch (IOException e) {
                return Optional.of("Cannot read " + out + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Starts the export (does nothing but explain when the form is invalid). */
    public void export() {
        validate();
        if (!problem.get().isEmpty()) {
            return;
        }
        Analysis a = analysis.get();
        Allocation alloc = rank.allocationProperty().get();
        ExportRequest req = new ExportRequest(Path.of(outDir.get().trim()).toAbsolutePath().normalize(), adapter.get(),
                merged.get(), factorDType.get(), rank.storageFormProperty().get());
        summary.set("");
        running.set(true);
        Job j = executor.submit("Exporting to " + req.outDir(), ctx -> service.export(a, alloc, req, ctx), r -> {
            result.set(r);
            summary.set(describe(r));
        });
        j.stateProperty().addListener((o, was, now) -> {
            running.set(now == Job.State.RUNNING);
            validate();
        });
        running.set(j.isRunning());
        job.set(j);
        validate();
    }

    /** Cancels a running export (nothing is left behind: the engine writes to a temp folder). */
    public void cancel() {
        Job j = job.get();
        if (j != null) {
            j.cancel();
        }
    }

    static String describe(ExportResult r) {
        StringBuilder b = new StringBuilder("Wrote ").append(r.files().size()).append(" files, ")
                .append(Format.bytes(r.totalBytes())).append(", to ").append(r.folder()).append('\n');
        for (ExportResult.ExportedFile f : r.files()) {
            // Paths are relative to the export folder.
            b.append("  ").append(f.path()).append("  ").append(Format.bytes(f.bytes())).append('\n');
        }
        return b.toString();
    }

    public StringProperty outDirProperty() {
        return outDir;
    }

    public BooleanProperty adapterProperty() {
        return adapter;
    }

    public BooleanProperty mergedProperty() {
        return merged;
    }

    public ObjectProperty<DType> factorDTypeProperty() {
        return factorDType;
    }

    /** Why Export is disabled, in words; empty when it can run. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ExportResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The running or last export job, for the dialog's progress bar. */
    public ReadOnlyObjectProperty<Job> jobProperty() {
        return job.getReadOnlyProperty();
    }
}

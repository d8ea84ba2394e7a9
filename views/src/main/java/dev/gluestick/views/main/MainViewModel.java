package dev.gluestick.views.main;

import dev.gluestick.views.detail.DetailViewModel;
import dev.gluestick.views.export.ExportViewModel;
import dev.gluestick.views.format.Format;
import dev.gluestick.views.jobs.Job;
import dev.gluestick.views.jobs.JobExecutor;
import dev.gluestick.views.layers.LayerTableViewModel;
import dev.gluestick.views.prune.PruneViewModel;
import dev.gluestick.views.rank.RankViewModel;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.AnalysisRequest;
import dev.gluestick.views.service.OpenedModel;
import dev.gluestick.views.service.WorkbenchService;
import dev.gluestick.views.task.TaskCurveViewModel;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The window's state and commands: what is open, the analysis, and the panels' view-models,
 * which it wires together (the table follows the rank slider, the detail follows the table's
 * selection, export and task accuracy follow the analysis).
 */
public final class MainViewModel {

    private final WorkbenchService service;
    private final JobExecutor executor;
    private final RecentFiles recent;
    private final ReadOnlyObjectWrapper<OpenedModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<Analysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Gluestick Workbench");
    private final ReadOnlyStringWrapper loadedText = new ReadOnlyStringWrapper(this, "loadedText", "Nothing open");
    private final ReadOnlyStringWrapper memoryText = new ReadOnlyStringWrapper(this, "memoryText", "");
    private final RankViewModel rank = new RankViewModel();
    private final PruneViewModel prune = new PruneViewModel();
    private final LayerTableViewModel layers;
    private final DetailViewModel detail;
    private final ExportViewModel export;
    private final TaskCurveViewModel task;
    /** The open or analyze job the user started; detail loads and task accuracy run beside it. */
    private final ReadOnlyObjectWrapper<Job> mainJob = new ReadOnlyObjectWrapper<>(this, "mainJob");
    private final javafx.beans.property.ReadOnlyBooleanWrapper mainJobRunning =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "mainJobRunning", false);
    private final BooleanBinding busy;
    private final BooleanBinding canAnalyze;
    private final BooleanBinding canExport;

    public MainViewModel(WorkbenchService service, JobExecutor executor, RecentFiles recent) {
        this.service = service;
        this.executor = executor;
        this.recent = recent;
        this.layers = new LayerTableViewModel(rank);
        this.detail = new DetailViewModel(service, executor, layers.selectedProperty(), analysis::get);
        this.export = new ExportViewModel(service, executor, analysis::get, rank);
        this.task = new TaskCurveViewModel(service, executor, rank);
        this.busy = Bindings.createBooleanBinding(mainJobRunning::get, mainJobRunning);
        this.canAnalyze = Bindings.createBooleanBinding(
                () -> model.get() != null && prune.problemProperty().get().isEmpty(), model, prune.problemProperty());
        this.canExport = analysis.isNotNull();
        refreshMemory();
    }

    // ---- commands

    /** Opens a checkpoint in the background; the layer table appears as soon as the headers are read. */
    public void open(Path path) {
        // A new model replaces the old one: whatever still runs on the old one is dropped.
        if (mainJobRunning.get()) {
            mainJob.get().cancel();
        }
        track(executor.submit("Opening " + path.getFileName(), ctx -> service.open(path, ctx), this::opened));
    }

    /** Opens the bundled sample; false when this installation has none. */
    public boolean openBundledSample() {
        Optional<Path> p = service.bundledSample();
        p.ifPresent(this::open);
        return p.isPresent();
    }

    public boolean hasBundledSample() {
        return service.bundledSample().isPresent();
    }

    private void opened(OpenedModel m) {
        setAnalysis(null);
        model.set(m);
        recent.add(m.path());
        layers.setModel(m);
        title.set("Gluestick Workbench \u2014 " + m.name());
        loadedText.set(m.name() + ": " + m.summary());
    }

    /** Runs the prune panel's request: prune, spectra; the table fills in as layers finish. */
    public void analyze() {
        OpenedModel m = model.get();
        if (m == null) {
            return;
        }
        AnalysisRequest req = prune.request();
        layers.setModel(m);
        setAnalysis(null);
        track(executor.submit("Analyzing " + m.name() + " (" + req.prune().describe() + ")",
                ctx -> service.analyze(m, req, ctx, la -> ctx.publish(() -> layers.layerDone(la))), this::analysed));
    }

    private void track(Job j) {
        mainJob.set(j);
        mainJobRunning.set(j.isRunning());
        j.stateProperty().addListener((o, was, now) -> {
            if (mainJob.get() == j) {
                mainJobRunning.set(now == Job.State.RUNNING);
            }
        });
    }

    private void analysed(Analysis a) {
        if (a.model() != model.get()) {
            return;
        }
        setAnalysis(a);
    }

    private void setAnalysis(Analysis a) {
        analysis.set(a);
        rank.setAnalysis(a);
        layers.setAnalysis(a);
        task.setAnalysis(a);
        OpenedModel m = model.get();
        if (m != null) {
            loadedText.set(m.name() + ": " + m.summary()
                    + (a == null ? "" : "; " + a.pruneDescription() + ", " + a.layers().size() + " layers analysed"));
        }
        if (a != null) {
            detail.select(layers.selectedProperty().get());
        }
    }

    /** Cancels the open or analyze job, else the newest background job. */
    public void cancel() {
        Job j = mainJobRunning.get() ? mainJob.get() : executor.currentJob().get();
        if (j != null) {
            j.cancel();
        }
    }

    /** The status bar's JVM memory reading; the view calls it on a timer. */
    public void refreshMemory() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        memoryText.set("JVM " + Format.bytes(used) + " / " + Format.bytes(rt.maxMemory()));
    }

    // ---- children and properties

    public RankViewModel rank() {
        return rank;
    }

    public PruneViewModel prune() {
        return prune;
    }

    public LayerTableViewModel layers() {
        return layers;
    }

    public DetailViewModel detail() {
        return detail;
    }

    public ExportViewModel export() {
        return export;
    }

    public TaskCurveViewModel task() {
        return task;
    }

    public RecentFiles recent() {
        return recent;
    }

    public JobExecutor executor() {
        return executor;
    }

    public ReadOnlyObjectProperty<OpenedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Analysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty loadedTextProperty() {
        return loadedText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryTextProperty() {
        return memoryText.getReadOnlyProperty();
    }

    /** True while an open or analyze job runs (background loads do not count): Run is disabled. */
    public BooleanBinding busyProperty() {
        return busy;
    }

    /** True while any job runs, background ones included. */
    public boolean isIdle() {
        Job j = executor.currentJob().get();
        return j == null || !j.isRunning();
    }

    public BooleanBinding canAnalyzeProperty() {
        return canAnalyze;
    }

    public BooleanBinding canExportProperty() {
        return canExport;
    }
}

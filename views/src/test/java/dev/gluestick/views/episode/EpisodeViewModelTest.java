package dev.gluestick.views.episode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gluestick.model.layers.LinearLayer;
import dev.gluestick.model.recover.LayerAnalysis;
import dev.gluestick.model.recover.Spectrum;
import dev.gluestick.model.recover.WeightBlock;
import dev.gluestick.model.export.ExportResult;
import dev.gluestick.model.tradeoff.Allocation;
import dev.gluestick.views.fixture.Fixtures;
import dev.gluestick.views.jobs.ProgressSink;
import dev.gluestick.views.service.Analysis;
import dev.gluestick.views.service.AnalysisRequest;
import dev.gluestick.views.service.ExportRequest;
import dev.gluestick.views.service.OpenedModel;
import dev.gluestick.views.service.TaskEvaluator;
import dev.gluestick.views.service.WorkbenchService;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeViewModelTest {

    @TempDir
    Path dir;

    private final LineWorld world = new LineWorld();

    /** The fixture's service, plus episodes for the sample. */
    private WorkbenchService withEpisodes(WorkbenchService s) {
        return new WorkbenchService() {
            @Override
            public OpenedModel open(Path path, ProgressSink progress) throws Exception {
                return s.open(path, progress);
            }

            @Override
            public Optional<Path> bundledSample() {
                return s.bundledSample();
            }

            @Override
            public Analysis analyze(OpenedModel model, AnalysisRequest request, ProgressSink progress,
                    Consumer<LayerAnalysis> onLayerDone) throws Exception {
                return s.analyze(model, request, progress, onLayerDone);
            }

            @Override
            public Spectrum weightSpectrum(Analysis analysis, LinearLayer layer, int k) throws Exception {
                return s.weightSpectrum(analysis, layer, k);
            }

            @Override
            public WeightBlock weightBlock(Analysis analysis, LinearLayer layer, int row0, int col0, int rows, int cols)
                    throws Exception {
                return s.weightBlock(analysis, layer, row0, col0, rows, cols);
            }

            @Override
            public ExportResult export(Analysis analysis, Allocation allocation, ExportRequest request,
                    ProgressSink progress) throws Exception {
                return s.export(analysis, allocation, request, progress);
            }

            @Override
            public Optional<TaskEvaluator> taskEvaluator(Analysis analysis) {
                return s.taskEvaluator(analysis);
            }

            @Override
            public Optional<EpisodeSource> episodeSource(Analysis analysis) {
                return analysis.model().sample() ? Optional.of(world) : Optional.empty();
            }
        };
    }

    private Fixtures fixtures;

    private EpisodeViewModel viewer(boolean sample) {
        fixtures = new Fixtures(dir, sample);
        fixtures.analysed();
        fixtures.main.rank().valueProperty().set(8); // recovered succeeds (LineWorld) until a test moves it
        return new EpisodeViewModel(withEpisodes(fixtures.service), fixtures.executor,
                fixtures.main.analysisProperty(), fixtures.main.rank().allocationProperty());
    }

    @Test
    void computesNothingUntilActivated() {
        EpisodeViewModel vm = viewer(true);
        assertThat(world.traceCalls).isEmpty();
        assertThat(vm.availableProperty().get()).isFalse();
        vm.setActive(true);
        assertThat(vm.availableProperty().get()).isTrue();
        assertThat(fixtures.failures).isEmpty();
    }

    @Test
    void loadsTheSceneAndAllThreeTrajectoriesOfTheChosenEpisode() {
        EpisodeViewModel vm = viewer(true);
        vm.setActive(true);
        vm.episodeProperty().set(2);
        assertThat(vm.sceneProperty().get().index()).isEqualTo(2);
        assertThat(vm.trajectoryProperty(PolicyVariant.DENSE).get().end()).isEqualTo(EpisodeEnd.SUCCESS);
        assertThat(vm.trajectoryProperty(PolicyVariant.PRUNED).get().end()).isEqualTo(EpisodeEnd.COLLISION);
        assertThat(vm.trajectoryProperty(PolicyVariant.RECOVERED).get()).isNotNull();
        assertThat(vm.summaryProperty(PolicyVariant.PRUNED).get()).isEqualTo("pruned (rank 0): collision after 5 steps");
        assertThat(vm.maxStepProperty().get()).isEqualTo(12);
        // A freshly loaded episode is shown complete, so the outcomes are visible at once.
        assertThat(vm.stepProperty().get()).isEqualTo(12);
        assertThat(vm.timeTextProperty().get()).isEqualTo("step 12 / 12");
    }

    @Test
    void theThreePoliciesDifferWherePruningFails() {
        EpisodeViewModel vm = viewer(true);
        vm.setActive(true);
        vm.episodeProperty().set(0);
        Trajectory d = vm.trajectoryProperty(PolicyVariant.DENSE).get();
        Trajectory p = vm.trajectoryProperty(PolicyVariant.PRUNED).get();
        Trajectory r = vm.trajectoryProperty(PolicyVariant.RECOVERED).get();
        assertThat(p.y()).isNotEqualTo(d.y());
        assertThat(r.x()).isNotEqualTo(d.x());
        assertThat(r.x()).isNotEqualTo(p.x());
    }

    @Test
    void movingTheRankRerunsOnlyTheRecoveredPolicy() {
        EpisodeViewModel vm = viewer(true);
        vm.setActive(true);
        int dense = world.traceCalls.get(PolicyVariant.DENSE);
        int recovered = world.traceCalls.get(PolicyVariant.RECOVERED);
        fixtures.main.rank().valueProperty().set(0);
        assertThat(vm.trajectoryProperty(PolicyVariant.RECOVERED).get().end()).isEqualTo(EpisodeEnd.COLLISION);
        assertThat(vm.summaryProperty(PolicyVariant.RECOVERED).get()).startsWith("recovered (rank 0)");
        fixtures.main.rank().valueProperty().set(8);
        assertThat(vm.trajectoryProperty(PolicyVariant.RECOVERED).get().end()).isEqualTo(EpisodeEnd.SUCCESS);
        assertThat(vm.summaryProperty(PolicyVariant.RECOVERED).get()).isEqualTo("recovered (rank 8): success after 12 steps");
        assertThat(world.traceCalls.get(PolicyVariant.DENSE)).isEqualTo(dense);
        assertThat(world.traceCalls.get(PolicyVariant.RECOVERED)).isEqualTo(recovered + 2);
    }

    @Test
    void closedViewerNoLongerFollowsTheRank() {
        EpisodeViewModel vm = viewer(true);
        vm.setActive(true);
        vm.setActive(false);
        int recovered = world.traceCalls.get(PolicyVariant.RECOVERED);
        fixtures.main.rank().valueProperty().set(3);
        assertThat(world.traceCalls.get(PolicyVariant.RECOVERED)).isEqualTo(recovered);
    }

    @Test
    void filterListsOnlyEpisodesWherePrunedFailsAndDenseSucceeds() {
        EpisodeViewModel vm = viewer(true);
        vm.setActive(true);
        assertThat(vm.getEntries()).hasSize(LineWorld.EPISODES);
        assertThat(vm.getEntries().get(1).pruned()).isEqualTo(EpisodeEnd.SUCCESS);
        assertThat(vm.getEntries().get(0).toString()).isEqualTo("#0  red  \u2014  dense success, pruned collision");
        vm.filterProperty().set(EpisodeViewModel.Filter.PRUNED_FAILS);
        assertThat(vm.getEntries()).extracting(EpisodeViewModel.Entry::index).containsExactly(0, 2, 4);
        assertThat(vm.countTextProperty().get()).isEqualTo("3 of 6 episodes");
        vm.filterProperty().set(EpisodeViewModel.Filter.ALL);
        assertThat(vm.getEntries()).hasSize(LineWorld.EPISODES);
    }

    @Test
    void playRestartsFromTheBeginningAdvancesAndStopsAtTheEnd() {
        EpisodeViewModel vm = viewer(true);
        vm.setActive(true);
        assertThat(vm.stepProperty().get()).isEqualTo(12);
        vm.play();
        assertThat(vm.playingProperty().get()).isTrue();
        assertThat(vm.stepProperty().get()).isZero();
        vm.tick(5);
        assertThat(vm.stepProperty().get()).isEqualTo(5);
        vm.tick(5);
        vm.tick(5);
        assertThat(vm.stepProperty().get()).isEqualTo(12);
        assertThat(vm.playingProperty().get()).isFalse();
        vm.tick(1);
        assertThat(vm.stepProperty().get()).isEqualTo(12);
    }

    @Test
    void steppingPausesAndStaysWithinTheEpisode() {
        EpisodeViewModel vm = viewer(true);
        vm.setActive(true);
        vm.toStart();
        assertThat(vm.stepProperty().get()).isZero();
        vm.stepBy(-3);
        assertThat(vm.stepProperty().get()).isZero();
        vm.play();
        vm.stepBy(2);
        assertThat(vm.playingProperty().get()).isFalse();
        assertThat(vm.stepProperty().get()).isEqualTo(2);
        vm.toEnd();
        assertThat(vm.stepProperty().get()).isEqualTo(12);
        // A trajectory shorter than the time shown stays at its last pose.
        assertThat(vm.trajectoryProperty(PolicyVariant.DENSE).get().poseAt(12)).isEqualTo(10);
    }

    @Test
    void modelsThatCannotRunOfferNoEpisodes() {
        EpisodeViewModel vm = viewer(false);
        vm.setActive(true);
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.getEntries()).isEmpty();
        assertThat(vm.statusProperty().get()).contains("bundled sample");
        assertThat(world.traceCalls).isEmpty();
    }

    @Test
    void viewportKeepsTheArenaSquareAndFlipsY() {
        Viewport v = Viewport.fit(10, 800, 600, 20);
        assertThat(v.len(10)).isEqualTo(560);
        assertThat(v.px(0)).isEqualTo(120);
        assertThat(v.py(10)).isEqualTo(20);
        assertThat(v.py(0)).isEqualTo(580);
        assertThat(v.headingX(5, 0, 1)).isCloseTo(v.px(6), org.assertj.core.data.Offset.offset(1e-9));
    }
}

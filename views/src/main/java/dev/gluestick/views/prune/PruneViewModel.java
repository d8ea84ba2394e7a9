package dev.gluestick.views.prune;

import dev.gluestick.model.prune.NMPattern;
import dev.gluestick.model.prune.PruneMethod;
import dev.gluestick.views.service.AnalysisRequest;
import dev.gluestick.views.service.PruneSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The prune panel's form: method, sparsity or N:M, calibration file, layer patterns, external
 * checkpoint, R_max. It validates as the user types (Run is disabled with the reason shown) and
 * turns the form into an {@link AnalysisRequest}.
 */
public final class PruneViewModel {

    private static final Pattern NM = Pattern.compile("\\s*(\\d{1,4})\\s*:\\s*(\\d{1,4})\\s*");

    private final ObjectProperty<PruneChoice> method = new SimpleObjectProperty<>(this, "method", PruneChoice.MAGNITUDE_NM);
    private final DoubleProperty sparsity = new SimpleDoubleProperty(this, "sparsity", 0.5);
    private final StringProperty pattern = new SimpleStringProperty(this, "pattern", "2:4");
    private final StringProperty calibration = new SimpleStringProperty(this, "calibration", "");
    private final StringProperty include = new SimpleStringProperty(this, "include", "");
    private final StringProperty exclude = new SimpleStringProperty(this, "exclude", "");
    private final StringProperty external = new SimpleStringProperty(this, "external", "");
    private final IntegerProperty maxRank = new SimpleIntegerProperty(this, "maxRank", 256);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final BooleanBinding sparsityUsed = Bindings.createBooleanBinding(() -> method.get().usesSparsity(), method);
    private final BooleanBinding patternUsed = Bindings.createBooleanBinding(() -> method.get().usesPattern(), method);
    private final BooleanBinding calibrationUsed =
            Bindings.createBooleanBinding(() -> method.get().usesCalibration(), method);
    private final BooleanBinding externalUsed = Bindings.createBooleanBinding(() -> method.get().usesExternal(), method);

    public PruneViewModel() {
        for (var p : List.of(method, sparsity, pattern, calibration, external, maxRank)) {
            p.addListener((o, a, b) -> validate());
        }
        validate();
    }

    private void validate() {
        problem.set(check().orElse(""));
    }

    private Optional<String> check() {
        PruneChoice m = method.get();
        if (m.usesPattern() && !NM.matcher(pattern.get() == null ? "" : pattern.get()).matches()) {
            return Optional.of("Pattern must look like N:M, e.g. 2:4");
        }
        if (m.usesPattern()) {
            Matcher mt = NM.matcher(pattern.get());
            mt.matches();
            int n = Integer.parseInt(mt.group(1));
            int mm = Integer.parseInt(mt.group(2));
            if (mm < 2 || mm > NMPattern.MAX_M || n < 1 || n >= mm) {
                return Optional.of("Pattern N:M needs 1 <= N < M <= " + NMPattern.MAX_M + ", e.g. 2:4");
            }
        }
        if (m.usesSparsity() && !(sparsity.get() >= 0 && sparsity.get() <= PruneMethod.MAX_SPARSITY)) {
            return Optional.of("Sparsity must be between 0 and " + PruneMethod.MAX_SPARSITY);
        }
        if (m.usesCalibration() && blank(calibration.get())) {
            return Optional.of("Wanda needs a calibration file (input-channel norms, safetensors)");
        }
        if (m.usesExternal() && blank(external.get())) {
            return Optional.of("Choose the pruned checkpoint to compare against");
        }
        if (maxRank.get() < 1) {
            return Optional.of("R_max must be at least 1");
        }
        return Optional.empty();
    }

    /** The request for the current form; throws IllegalStateException with {@link #problemProperty()}'s text when invalid. */
    public AnalysisRequest request() {
        Optional<String> p = check();
        if (p.isPresent()) {
            throw new IllegalStateException(p.get());
        }
        PruneChoice m = method.get();
        PruneSpec spec = switch (m) {
            case EXTERNAL -> new PruneSpec.External(Path.of(external.get().trim()));
            case MAGNITUDE -> new PruneSpec.BuiltIn(new PruneMethod.Magnitude(sparsity.get()), Optional.empty());
            case MAGNITUDE_NM -> new PruneSpec.BuiltIn(new PruneMethod.MagnitudeNM(nm()), Optional.empty());
            case WANDA -> new PruneSpec.BuiltIn(new PruneMethod.Wanda(sparsity.get()), calibrationPath());
            case WANDA_NM -> new PruneSpec.BuiltIn(new PruneMethod.WandaNM(nm()), calibrationPath());
        };
        return new AnalysisRequest(spec, patterns(include.get()), patterns(exclude.get()), maxRank.get());
    }

    private NMPattern nm() {
        Matcher mt = NM.matcher(pattern.get());
        mt.matches();
        return new NMPattern(Integer.parseInt(mt.group(1)), Integer.parseInt(mt.group(2)));
    }

    private Optional<Path> calibrationPath() {
        return Optional.of(Path.of(calibration.get().trim()));
    }

    /** Comma- or space-separated glob patterns. */
    static List<String> patterns(String text) {
        if (blank(text)) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public ObjectProperty<PruneChoice> methodProperty() {
        return method;
    }

    /** Target fraction of zeros for unstructured methods, 0..0.99. */
    public DoubleProperty sparsityProperty() {
        return sparsity;
    }

    public StringProperty patternProperty() {
        return pattern;
    }

    public StringProperty calibrationProperty() {
        return calibration;
    }

    public StringProperty includeProperty() {
        return include;
    }

    public StringProperty excludeProperty() {
        return exclude;
    }

    public StringProperty externalProperty() {
        return external;
    }

    public IntegerProperty maxRankProperty() {
        return maxRank;
    }

    /** Why the form cannot run, in words; empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanBinding sparsityUsedProperty() {
        return sparsityUsed;
    }

    public BooleanBinding patternUsedProperty() {
        return patternUsed;
    }

    public BooleanBinding calibrationUsedProperty() {
        return calibrationUsed;
    }

    public BooleanBinding externalUsedProperty() {
        return externalUsed;
    }
}

package dev.gluestick.app.cli;

import dev.gluestick.model.InputException;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.MemoryModel;
import dev.gluestick.model.tradeoff.StorageForm;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How the result is stored: the form of the pruned base and the dtype of the factors. */
final class StorageOptions {

    @Option(names = "--factor-dtype", paramLabel = "DTYPE", description = "Adapter dtype: bf16, f16 or f32. Default: the model's dtype.")
    String factorDType;

    @Option(names = "--storage", paramLabel = "FORM", defaultValue = "nm",
            description = "Storage form the memory numbers assume: nm (N:M compressed), csr, dense. Default: ${DEFAULT-VALUE}.")
    String storage;

    Optional<DType> factor() {
        if (factorDType == null) {
            return Optional.empty();
        }
        Optional<DType> t = DType.fromUserName(factorDType);
        if (t.isEmpty() || !(t.get() == DType.BF16 || t.get() == DType.F16 || t.get() == DType.F32)) {
            throw new InputException("--factor-dtype " + factorDType + ": use bf16, f16 or f32");
        }
        return t;
    }

    StorageForm form() {
        return switch (storage.toLowerCase(Locale.ROOT)) {
            case "nm", "2:4", "n:m" -> StorageForm.NM_COMPRESSED;
            case "csr", "sparse" -> StorageForm.UNSTRUCTURED_SPARSE;
            case "dense" -> StorageForm.DENSE;
            default -> throw new InputException("--storage " + storage + ": use nm, csr or dense");
        };
    }

    MemoryModel memory(DType base) {
        return new MemoryModel(form(), base, factor().orElse(base));
    }
}

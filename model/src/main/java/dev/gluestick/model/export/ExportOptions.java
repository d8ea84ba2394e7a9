package dev.gluestick.model.export;

import dev.gluestick.model.InputException;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.StorageForm;
import java.util.Objects;
import java.util.Optional;

/**
 * What an export writes besides the pruned base checkpoint and the report.
 *
 * @param adapter write {@code adapter/} (the correction as a PEFT LoRA adapter)
 * @param merged also write {@code merged/} with {@code Wp + A B} dense, for quick evaluation
 * @param factorDType dtype of the adapter tensors; empty = the base checkpoint's dtype
 * @param storageForm the storage form the report's byte counts assume
 * @param toolVersion written into every file's provenance
 */
public record ExportOptions(
        boolean adapter, boolean merged, Optional<DType> factorDType, StorageForm storageForm, String toolVersion) {

    public ExportOptions {
        Objects.requireNonNull(factorDType);
        Objects.requireNonNull(storageForm);
        Objects.requireNonNull(toolVersion);
        factorDType.ifPresent(t -> {
            if (t != DType.F32 && t != DType.F16 && t != DType.BF16) {
                throw new InputException("factor dtype must be bf16, f16 or f32, got " + t.safetensorsName());
            }
        });
    }

    public static ExportOptions defaults(String toolVersion) {
        return new ExportOptions(true, false, Optional.empty(), StorageForm.NM_COMPRESSED, toolVersion);
    }

    public DType factorDTypeOr(DType base) {
        return factorDType.orElse(base);
    }
}

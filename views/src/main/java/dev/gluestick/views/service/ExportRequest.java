package dev.gluestick.views.service;

import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tradeoff.StorageForm;
import java.nio.file.Path;
import java.util.Objects;

/**
 * @param outDir a folder that does not exist yet or is empty, outside the input
 * @param adapter write the correction as a PEFT LoRA adapter
 * @param merged also write dense {@code Wp + A B}
 * @param factorDType dtype of the correction factors
 * @param storageForm recorded in the report (the base is written in the source layout)
 */
public record ExportRequest(Path outDir, boolean adapter, boolean merged, DType factorDType, StorageForm storageForm) {
    public ExportRequest {
        Objects.requireNonNull(outDir);
        Objects.requireNonNull(factorDType);
        Objects.requireNonNull(storageForm);
    }
}

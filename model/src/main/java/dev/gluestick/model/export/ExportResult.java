package dev.gluestick.model.export;

import java.nio.file.Path;
import java.util.List;

/** Where an export went: every file written, with its size. */
public record ExportResult(Path folder, List<ExportedFile> files) {

    public ExportResult {
        files = List.copyOf(files);
    }

    public long totalBytes() {
        return files.stream().mapToLong(ExportedFile::bytes).sum();
    }

    /** @param path relative to the export folder */
    public record ExportedFile(Path path, long bytes) {}
}

package dev.gluestick.views.service;

import java.nio.file.Path;
import java.util.List;

/** What an export wrote: every file with its size. */
public record ExportResult(Path outDir, List<ExportedFile> files) {

    public ExportResult {
        files = List.copyOf(files);
    }

    public long totalBytes() {
        return files.stream().mapToLong(ExportedFile::bytes).sum();
    }

    /** One written file. */
    public record ExportedFile(Path path, long bytes) {}
}

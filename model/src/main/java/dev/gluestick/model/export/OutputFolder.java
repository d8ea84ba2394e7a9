package dev.gluestick.model.export;

import dev.gluestick.model.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An output folder that appears whole or not at all: everything is written into a hidden sibling
 * folder, which is renamed into place at the end. A failure deletes the partial folder, so the
 * user's disk never holds a half export under the name they asked for.
 */
final class OutputFolder implements AutoCloseable {

    private final Path target;
    private final Path partial;
    private boolean committed;

    private OutputFolder(Path target, Path partial) {
        this.target = target;
        this.partial = partial;
    }

    /**
     * @param input the checkpoint being exported (file or folder): the output may be neither it
     *     nor inside it
     */
    static OutputFolder create(Path target, Path input) {
        Path out = target.toAbsolutePath().normalize();
        Path in = input.toAbsolutePath().normalize();
        Path inFolder = Files.isDirectory(in) ? in : in.getParent();
        if (Files.exists(out)) {
            throw new InputException("output folder " + out + " already exists; choose a new folder (nothing was written)");
        }
        if (out.startsWith(inFolder) && Files.isDirectory(in)) {
            throw new InputException("output folder " + out + " is inside the input checkpoint " + in
                    + "; choose a folder outside it");
        }
        if (out.equals(in)) {
            throw new InputException("output folder " + out + " is the input checkpoint");
        }
        Path parent = out.getParent();
        try {
            Files.createDirectories(parent);
            Path partial = parent.resolve("." + out.getFileName() + ".partial-" + UUID.randomUUID().toString().substring(0, 8));
            Files.createDirectory(partial);
            return new OutputFolder(out, partial);
        } catch (IOException e) {
            throw new InputException("cannot create the output folder in " + parent + ": " + e.getMessage(), e);
        }
    }

    /** Where to write now. */
    Path dir() {
        return partial;
    }

    Path target() {
        return target;
    }

    void commit() {
        try {
            if (Files.exists(target)) {
                throw new InputException("output folder " + target + " appeared while exporting; the export is left in " + partial);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the export into " + target, e);
        }
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try (Stream<Path> walk = Files.walk(partial)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort; the primary failure is what the user needs to see.
        }
    }
}

package dev.gluestick.views.main;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The File > Open recent list: newest first, at most {@link #MAX} entries, one path per line in a
 * small text file (written to a temp name and moved into place). A store that cannot be read or
 * written only loses the list, never the session.
 */
public final class RecentFiles {

    public static final int MAX = 10;

    private final Path store;
    private final ObservableList<Path> paths = FXCollections.observableArrayList();
    private final ObservableList<Path> pathsView = FXCollections.unmodifiableObservableList(paths);

    /** @param store the list file, or null to keep the list in memory only */
    public RecentFiles(Path store) {
        this.store = store;
        load();
    }

    private void load() {
        if (store == null || !Files.isRegularFile(store)) {
            return;
        }
        try {
            List<Path> read = new ArrayList<>();
            for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && read.size() < MAX) {
                    read.add(Path.of(line.trim()));
                }
            }
            paths.setAll(read);
        } catch (IOException | RuntimeException e) {
            paths.clear();
        }
    }

    public void add(Path path) {
        Path p = path.toAbsolutePath().normalize();
        paths.remove(p);
        paths.add(0, p);
        while (paths.size() > MAX) {
            paths.remove(paths.size() - 1);
        }
        save();
    }

    private void save() {
        if (store == null) {
            return;
        }
        try {
            Files.createDirectories(store.toAbsolutePath().getParent());
            Path tmp = store.resolveSibling(store.getFileName() + ".tmp");
            List<String> lines = paths.stream().map(Path::toString).toList();
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // The recent list is a convenience; failing to persist it must not interrupt the user.
        }
    }

    public ObservableList<Path> getPaths() {
        return pathsView;
    }
}

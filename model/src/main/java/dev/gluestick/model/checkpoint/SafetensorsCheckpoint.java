package dev.gluestick.model.checkpoint;

import dev.gluestick.model.InputException;
import dev.gluestick.model.io.safetensors.SafetensorsFile;
import dev.gluestick.model.tensor.TensorInfo;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A checkpoint made of one or more safetensors files: a single file, a Hugging Face folder with
 * {@code model.safetensors}, or a sharded folder with {@code model.safetensors.index.json}.
 *
 * <p>Opening reads headers only. The shard index is checked against the shards both ways (every
 * mapped tensor is in its shard, every stored tensor is mapped to the shard that stores it, no
 * unlisted shard files); a {@code total_size} that disagrees with the shards is only a
 * {@link #warnings() warning}, because real exporters disagree about what it counts.
 */
public final class SafetensorsCheckpoint implements Checkpoint {

    static final String SINGLE_FILE_NAME = "model.safetensors";

    private final Path path;
    private final CheckpointLayout layout;
    private final Optional<ModelConfig> config;
    private final List<SafetensorsFile> files;
    private final List<String> fileNames;
    private final Map<String, Integer> fileOf;
    private final List<TensorInfo> tensors;
    private final Map<String, TensorInfo> byName;
    private final List<String> warnings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SafetensorsCheckpoint(Path path, CheckpointLayout layout, Optional<ModelConfig> config,
            List<SafetensorsFile> files, List<String> fileNames, List<String> warnings) {
        this.path = path;
        this.layout = layout;
        this.config = config;
        this.files = List.copyOf(files);
        this.fileNames = List.copyOf(fileNames);
        this.warnings = List.copyOf(warnings);
        Map<String, Integer> of = new HashMap<>();
        Map<String, TensorInfo> names = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            for (TensorInfo t : files.get(i).tensors()) {
                of.put(t.name(), i);
                names.put(t.name(), t);
            }
        }
        this.fileOf = of;
        this.byName = names;
        this.tensors = List.copyOf(names.values());
    }

    /** A single {@code .safetensors} file; config.json is read from its folder when present. */
    public static SafetensorsCheckpoint openFile(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        Optional<ModelConfig> config = ModelConfigReader.readIfPresent(folder);
        SafetensorsFile f = SafetensorsFile.open(file);
        return new SafetensorsCheckpoint(file, CheckpointLayout.SAFETENSORS_FILE, config, List.of(f),
                List.of(file.getFileName().toString()), List.of());
    }

    /** A Hugging Face model folder (single file or sharded). */
    public static SafetensorsCheckpoint openFolder(Path folder) {
        Path index = folder.resolve(ShardIndex.FILE_NAME);
        if (Files.isRegularFile(index)) {
            return openSharded(folder, index);
        }
        Path single = folder.resolve(SINGLE_FILE_NAME);
        if (Files.isRegularFile(single)) {
            Optional<ModelConfig> config = ModelConfigReader.readIfPresent(folder);
            SafetensorsFile f = SafetensorsFile.open(single);
            return new SafetensorsCheckpoint(folder, CheckpointLayout.FOLDER_SINGLE, config, List.of(f),
                    List.of(SINGLE_FILE_NAME), List.of());
        }
        TreeSet<String> others = safetensorsFilesIn(folder);
        if (!others.isEmpty()) {
            throw new InputException(folder + ": has " + others.first() + " but neither " + SINGLE_FILE_NAME
                    + " nor " + ShardIndex.FILE_NAME + "; open the .safetensors file directly");
        }
        throw new InputException(folder + ": no model weights (expected " + SINGLE_FILE_NAME + " or "
                + ShardIndex.FILE_NAME + ")");
    }

    private static SafetensorsCheckpoint openSharded(Path folder, Path indexFile) {
        ShardIndex index = ShardIndex.read(indexFile);
        List<String> shards = index.shards();
        for (String shard : shards) {
            if (!Files.isRegularFile(folder.resolve(shard))) {
                throw new InputException(indexFile + ": shard '" + shard + "' listed in weight_map does not exist");
            }
        }
        for (String present : safetensorsFilesIn(folder)) {
            if (!shards.contains(present)) {
                throw new InputException(folder.resolve(present) + ": shard file is not listed in " + ShardIndex.FILE_NAME);
            }
        }
        Optional<ModelConfig> config = ModelConfigReader.readIfPresent(folder);
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            Map<String, String> storedIn = new HashMap<>();
            long total = 0;
            for (String shard : shards) {
                SafetensorsFile f = SafetensorsFile.open(folder.resolve(shard));
                opened.add(f);
                for (TensorInfo t : f.tensors()) {
                    String other = storedIn.putIfAbsent(t.name(), shard);
                    if (other != null) {
                        throw new InputException(folder + ": tensor '" + t.name() + "' is stored in both " + other
                                + " and " + shard);
                    }
                    String mapped = index.weightMap().get(t.name());
                    if (mapped == null) {
                        throw new InputException(f.path() + ": tensor '" + t.name() + "' is not listed in the weight_map of "
                                + ShardIndex.FILE_NAME);
                    }
                    if (!mapped.equals(shard)) {
                        throw new InputException(f.path() + ": tensor '" + t.name() + "' is stored here but "
                                + ShardIndex.FILE_NAME + " maps it to " + mapped);
                    }
                    total += t.byteSize();
                }
            }
            for (Map.Entry<String, String> e : index.weightMap().entrySet()) {
                if (!storedIn.containsKey(e.getKey())) {
                    throw new InputException(folder.resolve(e.getValue()) + ": tensor '" + e.getKey()
                            + "' is mapped to this shard by " + ShardIndex.FILE_NAME + " but the shard does not contain it");
                }
            }
            List<String> warnings = new ArrayList<>();
            if (index.totalSize().isPresent() && index.totalSize().getAsLong() != total) {
                warnings.add(indexFile + ": metadata.total_size is " + index.totalSize().getAsLong()
                        + " but the shards hold " + total + " bytes of tensor data");
            }
            return new SafetensorsCheckpoint(folder, CheckpointLayout.FOLDER_SHARDED, config, opened, shards, warnings);
        } catch (RuntimeException e) {
            for (SafetensorsFile f : opened) {
                f.close();
            }
            throw e;
        }
    }

    private static TreeSet<String> safetensorsFilesIn(Path folder) {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.safetensors")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    names.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new InputException(folder + ": cannot list folder: " + e.getMessage(), e);
        }
        return names;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public CheckpointLayout layout() {
        return layout;
    }

    @Override
    public Optional<ModelConfig> config() {
        return config;
    }

    @Override
    public List<TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public Optional<TensorInfo> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Map<String, String> metadata() {
        return files.get(0).metadata();
    }

    @Override
    public String sourceFile(String tensorName) {
        return fileNames.get(indexOf(tensorName));
    }

    /** The shard (or single file) names, in the order their tensors are listed. */
    public List<String> fileNames() {
        return fileNames;
    }

    @Override
    public float[] readFloats(String tensorName) {
        return files.get(indexOf(tensorName)).readFloats(tensorName);
    }

    @Override
    public void readFloats(String tensorName, float[] dst, int offset) {
        files.get(indexOf(tensorName)).readFloats(tensorName, dst, offset);
    }

    @Override
    public byte[] readBytes(String tensorName) {
        return files.get(indexOf(tensorName)).readBytes(tensorName);
    }

    @Override
    public void transferTo(String tensorName, WritableByteChannel out) throws IOException {
        files.get(indexOf(tensorName)).transferTo(tensorName, out);
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    private int indexOf(String tensorName) {
        if (closed.get()) {
            throw new IllegalStateException("checkpoint " + path + " is closed");
        }
        Integer i = fileOf.get(tensorName);
        if (i == null) {
            throw new InputException(path + ": no tensor named '" + tensorName + "'");
        }
        return i;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            RuntimeException first = null;
            for (SafetensorsFile f : files) {
                try {
                    f.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}

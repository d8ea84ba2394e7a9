package dev.gluestick.model.io.onnx;

import static dev.gluestick.model.io.onnx.OnnxFixture.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gluestick.model.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExternalDataTest {

    @TempDir
    Path dir;

    private static ProtoWriter external(String name, String location, Long offset, Long length, long... dims) {
        ProtoWriter t = tensor(name, OnnxFixture.FLOAT, dims);
        t.message(13, new ProtoWriter().string(1, "location").string(2, location));
        if (offset != null) {
            t.message(13, new ProtoWriter().string(1, "offset").string(2, offset.toString()));
        }
        if (length != null) {
            t.message(13, new ProtoWriter().string(1, "length").string(2, length.toString()));
        }
        return t.varint(14, 1);
    }

    private Path model(Path folder, ProtoWriter tensor) throws Exception {
        Files.createDirectories(folder);
        return new OnnxFixture().initializer(tensor).write(folder, "model.onnx");
    }

    @Test
    void readsExternalDataAtOffsetRelativeToTheModelFolder() throws Exception {
        Path folder = dir.resolve("m");
        Files.createDirectories(folder.resolve("data"));
        byte[] junk = new byte[12];
        byte[] values = OnnxFixture.le(1f, 2f, 3f, 4f);
        byte[] file = new byte[junk.length + values.length];
        System.arraycopy(values, 0, file, junk.length, values.length);
        Files.write(folder.resolve("data/weights.bin"), file);
        Path p = model(folder, external("w.ext", "data/weights.bin", 12L, 16L, 2, 2));
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.readFloats("w.ext")).containsExactly(1f, 2f, 3f, 4f);
            assertThat(c.externalDataFiles())
                    .containsExactly(folder.resolve("data/weights.bin").toAbsolutePath().normalize());
        }
    }

    @Test
    void externalLengthDefaultsToTheRestOfTheFile() throws Exception {
        Path folder = dir.resolve("m");
        Files.createDirectories(folder);
        Files.write(folder.resolve("w.bin"), OnnxFixture.le(5f, 6f));
        Path p = model(folder, external("w.ext", "w.bin", null, null, 2));
        try (OnnxCheckpoint c = OnnxCheckpoint.open(p)) {
            assertThat(c.readFloats("w.ext")).containsExactly(5f, 6f);
        }
    }

    @Test
    void rejectsMissingExternalFile() throws Exception {
        Path p = model(dir.resolve("m"), external("w.ext", "absent.bin", 0L, 16L, 2, 2));
        assertThatThrownBy(() -> OnnxCheckpoint.open(p)).isInstanceOf(InputException.class)
                .hasMessageContaining("model.onnx").hasMessageContaining("w.ext").hasMessageContaining("absent.bin")
                .hasMessageContaining("not found");
    }

    @Test
    void rejectsExternalFileShorterThanTheTensor() throws Exception {
        Path folder = dir.resolve("m");
        Files.createDirectories(folder);
        Files.write(folder.resolve("w.bin"), new byte[10]);
        Path p = model(folder, external("w.ext", "w.bin", 0L, 16L, 2, 2));
        assertThatThrownBy(() -> OnnxCheckpoint.open(p)).isInstanceOf(InputException.class)
                .hasMessageContaining("w.ext").hasMessageContaining("too short");
    }

    @Test
    void rejectsExternalLengthThatDisagreesWithDims() throws Exception {
        Path folder = dir.resolve("m");
        Files.createDirectories(folder);
        Files.write(folder.resolve("w.bin"), new byte[64]);
        Path p = model(folder, external("w.ext", "w.bin", 0L, 32L, 2, 2));
        assertThatThrownBy(() -> OnnxCheckpoint.open(p)).isInstanceOf(InputException.class)
                .hasMessageContaining("w.ext").hasMessageContaining("length 32").hasMessageContaining("16 bytes");
    }

    @Test
    void rejectsExternalLocationEscapingTheFolder() throws Exception {
        Files.write(dir.resolve("secret.bin"), new byte[16]);
        Path p = model(dir.resolve("m"), external("w.ext", "../secret.bin", 0L, 16L, 2, 2));
        assertThatThrownBy(() -> OnnxCheckpoint.open(p)).isInstanceOf(InputException.class)
                .hasMessageContaining("w.ext").hasMessageContaining("outside the model's folder");
    }

    @Test
    void rejectsAbsoluteExternalLocation() throws Exception {
        Path secret = dir.resolve("secret.bin");
        Files.write(secret, new byte[16]);
        Path p = model(dir.resolve("m"), external("w.ext", secret.toAbsolutePath().toString(), 0L, 16L, 2, 2));
        assertThatThrownBy(() -> OnnxCheckpoint.open(p)).isInstanceOf(InputException.class)
                .hasMessageContaining("outside the model's folder");
    }

    @Test
    void rejectsSymbolicLinkLeadingOutOfTheFolder() throws Exception {
        Path secret = dir.resolve("secret.bin");
        Files.write(secret, new byte[16]);
        Path folder = dir.resolve("m");
        Files.createDirectories(folder);
        Files.createSymbolicLink(folder.resolve("link.bin"), secret);
        Path p = model(folder, external("w.ext", "link.bin", 0L, 16L, 2, 2));
        assertThatThrownBy(() -> OnnxCheckpoint.open(p)).isInstanceOf(InputException.class)
                .hasMessageContaining("links outside");
    }

    @Test
    void rejectsNonNumericExternalOffset() throws Exception {
        Path folder = dir.resolve("m");
        Files.createDirectories(folder);
        Files.write(folder.resolve("w.bin"), new byte[16]);
        ProtoWriter t = tensor("w.ext", OnnxFixture.FLOAT, 4)
                .message(13, new ProtoWriter().string(1, "location").string(2, "w.bin"))
                .message(13, new ProtoWriter().string(1, "offset").string(2, "-3"))
                .varint(14, 1);
        Path p = model(folder, t);
        assertThatThrownBy(() -> OnnxCheckpoint.open(p)).isInstanceOf(InputException.class)
                .hasMessageContaining("offset '-3'");
    }
}

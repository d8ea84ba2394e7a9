package dev.gluestick.model.io.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gluestick.model.InputException;
import dev.gluestick.model.tensor.DType;
import dev.gluestick.model.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a safetensors JSON header against the rules of the reference
 * implementation (huggingface/safetensors, {@code tensor.rs}): every violation is an
 * {@link InputException} with its own message naming the file and, where there is one, the tensor.
 */
final class SafetensorsHeaderParser {

    static final String METADATA_KEY = "__metadata__";

    /** Jackson silently keeps the last of two equal keys unless told otherwise. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SafetensorsHeaderParser() {}

    /**
     * @param file how to name the file in messages
     * @param headerBytes the JSON header (without the 8-byte length)
     * @param dataLength bytes in the file after the header
     */
    static SafetensorsHeader parse(String file, byte[] headerBytes, long dataLength) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(headerBytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InputException(file + ": safetensors header is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            if (why != null && why.startsWith("Duplicate field")) {
                throw new InputException(file + ": safetensors header names a tensor twice: " + oneLine(why));
            }
            throw new InputException(file + ": safetensors header is not valid JSON: " + oneLine(why));
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": safetensors header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<SafetensorsEntry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                entries.add(parseEntry(file, field.getKey(), field.getValue(), dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(SafetensorsEntry::begin).thenComparingLong(SafetensorsEntry::end));
        long expected = 0;
        SafetensorsEntry previous = null;
        for (SafetensorsEntry e : entries) {
            if (e.begin() < expected) {
                throw new InputException(file + ": tensor '" + e.name() + "' overlaps tensor '" + previous.name()
                        + "' (starts at " + e.begin() + ", previous ends at " + expected + ")");
            }
            if (e.begin() > expected) {
                String after = previous == null ? "the start of the data section" : "tensor '" + previous.name() + "'";
                throw new InputException(file + ": gap of " + (e.begin() - expected) + " bytes before tensor '"
                        + e.name() + "' after " + after + " (data must be contiguous from offset 0)");
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataLength) {
            throw new InputException(file + ": data section is " + dataLength + " bytes but tensors cover only "
                    + expected + " (the file has " + (dataLength - expected) + " trailing bytes)");
        }
        return new SafetensorsHeader(entries, metadata, headerBytes.length);
    }

    private static Map<String, String> parseMetadata(String file, JsonNode node) {
        if (node.isNull()) {
            // The reference reads the field as Option<HashMap>: null means no metadata.
            return new LinkedHashMap<>();
        }
        if (!node.isObject()) {
            throw new InputException(file + ": __metadata__ is not a JSON object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw new InputException(file + ": __metadata__ value of '" + f.getKey() + "' is not a string");
            }
            out.put(f.getKey(), f.getValue().textValue());
        }
        return out;
    }

    private static SafetensorsEntry parseEntry(String file, String name, JsonNode node, long dataLength) {
        String where = file + ": tensor '" + name + "'";
        if (!node.isObject()) {
            throw new InputException(where + ": header entry is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null) {
            throw new InputException(where + ": header entry has no \"dtype\"");
        }
        if (!dtypeNode.isTextual()) {
            throw new InputException(where + ": \"dtype\" is not a string");
        }
        DType dtype = DType.fromSafetensorsName(dtypeNode.textValue())
                .orElseThrow(() -> new InputException(where + ": unknown dtype \"" + dtypeNode.textValue() + "\""));
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null) {
            throw new InputException(where + ": header entry has no \"shape\"");
        }
        if (!shapeNode.isArray()) {
            throw new InputException(where + ": \"shape\" is not an array");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeLong(where, "shape", shapeNode.get(i));
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null) {
            throw new InputException(where + ": header entry has no \"data_offsets\"");
        }
        if (!offsets.isArray() || offsets.size() != 2) {
            throw new InputException(where + ": \"data_offsets\" is not an array of two integers");
        }
        long begin = nonNegativeLong(where, "data_offsets", offsets.get(0));
        long end = nonNegativeLong(where, "data_offsets", offsets.get(1));
        if (end < begin) {
            throw new InputException(where + ": data_offsets end " + end + " is before begin " + begin);
        }
        if (end > dataLength) {
            throw new InputException(where + ": data_offsets [" + begin + ", " + end
                    + "] reach past the data section (" + dataLength + " bytes)");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape);
        long expectedBytes;
        try {
            expectedBytes = info.byteSize();
        } catch (ArithmeticException e) {
            throw new InputException(where + ": shape " + shapeNode + " overflows a 64-bit byte count");
        }
        if (end - begin != expectedBytes) {
            throw new InputException(where + ": data_offsets cover " + (end - begin) + " bytes but shape "
                    + shapeNode + " of " + dtype.safetensorsName() + " needs " + expectedBytes);
        }
        return new SafetensorsEntry(info, begin, end);
    }

    private static long nonNegativeLong(String where, String field, JsonNode n) {
        if (n == null || !n.isIntegralNumber()) {
            throw new InputException(where + ": \"" + field + "\" holds a non-integer value " + n);
        }
        if (!n.canConvertToLong()) {
            throw new InputException(where + ": \"" + field + "\" value " + n + " is too large");
        }
        long v = n.longValue();
        if (v < 0) {
            throw new InputException(where + ": \"" + field + "\" holds a negative value " + v);
        }
        return v;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}

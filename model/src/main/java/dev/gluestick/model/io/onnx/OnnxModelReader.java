package dev.gluestick.model.io.onnx;

import dev.gluestick.model.tensor.DType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses an ONNX ModelProto straight from the wire format (field numbers from onnx.proto3) into
 * an {@link OnnxModel}: header, the main graph's initializers (where their data is, checked for
 * size, not read) and nodes. Unknown fields are skipped, as protobuf requires.
 */
final class OnnxModelReader {

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    // AttributeProto
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_T = 5;
    private static final int ATTR_INTS = 8;
    // StringStringEntryProto and OperatorSetIdProto share the layout 1 = key/domain, 2 = value/version.
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    private static final int DATA_LOCATION_EXTERNAL = 1;
    private static final int MAX_RANK = 64;

    private final MappedFile file;
    private final ExternalData external;
    private final List<String> notes = new ArrayList<>();

    private OnnxModelReader(MappedFile file) {
        this.file = file;
        this.external = new ExternalData(file.path());
    }

    static OnnxModel read(MappedFile file) {
        return new OnnxModelReader(file).readModel();
    }

    private OnnxModel readModel() {
        WireReader r = WireReader.whole(file);
        long irVersion = 0;
        String producer = "";
        String producerVersion = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        Map<String, String> props = new LinkedHashMap<>();
        List<OnnxTensor> initializers = new ArrayList<>();
        List<OnnxNode> nodes = new ArrayList<>();
        List<OnnxTensor> constants = new ArrayList<>();
        boolean sawGraph = false;
        while (r.hasMore()) {
            int key = r.readKey();
            switch (WireReader.field(key)) {
                case MODEL_IR_VERSION -> {
                    r.expectWireType(key, WireReader.VARINT, "ModelProto.ir_version");
                    irVersion = r.readVarint("ir_version");
                }
                case MODEL_PRODUCER_NAME -> producer = stringField(r, key, "ModelProto.producer_name");
                case MODEL_PRODUCER_VERSION -> producerVersion = stringField(r, key, "ModelProto.producer_version");
                case MODEL_OPSET_IMPORT -> readOpset(r.sub(message(r, key, "ModelProto.opset_import")), opsets);
                case MODEL_METADATA_PROPS -> readMetadata(r.sub(message(r, key, "ModelProto.metadata_props")), props);
                case MODEL_GRAPH -> {
                    // Protobuf merges repeated occurrences of a message field; appending is that merge here.
                    readGraph(r.sub(message(r, key, "ModelProto.graph")), initializers, nodes, constants);
                    sawGraph = true;
                }
                default -> r.skip(key);
            }
        }
        if (!sawGraph) {
            throw r.error("not an ONNX model: no graph found (" + file.size() + " bytes)");
        }
        return new OnnxModel(file.path(), irVersion, producer, producerVersion, opsets, props, initializers, nodes,
                constants, notes);
    }

    private void readGraph(WireReader r, List<OnnxTensor> initializers, List<OnnxNode> nodes, List<OnnxTensor> constants) {
        while (r.hasMore()) {
            int key = r.readKey();
            switch (WireReader.field(key)) {
                case GRAPH_NODE -> nodes.add(readNode(r.sub(message(r, key, "GraphProto.node")), constants));
                case GRAPH_INITIALIZER -> readTensor(r.sub(message(r, key, "GraphProto.initializer")))
                        .ifPresent(initializers::add);
                case GRAPH_SPARSE_INITIALIZER -> {
                    r.skip(key);
                    notes.add("a sparse initializer was skipped (sparse tensors are not supported)");
                }
                default -> r.skip(key);
            }
        }
    }

    /**
     * Reads a node; a {@code Constant} node's {@code value} tensor is kept under the node's output
     * name (some exporters store weights that way).
     */
    private OnnxNode readNode(WireReader r, List<OnnxTensor> constants) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        Map<String, Long> ints = new HashMap<>();
        Map<String, List<Long>> intLists = new HashMap<>();
        List<Span> tensorAttributes = new ArrayList<>();
        while (r.hasMore()) {
            int key = r.readKey();
            switch (WireReader.field(key)) {
                case NODE_INPUT -> inputs.add(stringField(r, key, "NodeProto.input"));
                case NODE_OUTPUT -> outputs.add(stringField(r, key, "NodeProto.output"));
                case NODE_NAME -> name = stringField(r, key, "NodeProto.name");
                case NODE_OP_TYPE -> opType = stringField(r, key, "NodeProto.op_type");
                case NODE_DOMAIN -> domain = stringField(r, key, "NodeProto.domain");
                case NODE_ATTRIBUTE ->
                        readAttribute(r.sub(message(r, key, "NodeProto.attribute")), ints, intLists, tensorAttributes);
                default -> r.skip(key);
            }
        }
        // Fields may come in any order, so the op and output are only known here.
        boolean constant = opType.equals("Constant") && (domain.isEmpty() || domain.equals("ai.onnx"));
        if (constant && outputs.size() == 1 && tensorAttributes.size() == 1) {
            readTensor(r.sub(tensorAttributes.get(0)), outputs.get(0)).ifPresent(constants::add);
        }
        return new OnnxNode(name, opType, domain, inputs, outputs, ints, intLists);
    }

    /**
     * Keeps integer and integer-list attributes, and where the {@code value} tensor of a Constant
     * is; other tensors and subgraphs in attributes are skipped.
     */
    private void readAttribute(WireReader r, Map<String, Long> ints, Map<String, List<Long>> intLists,
            List<Span> tensors) {
        String name = "";
        Long i = null;
        Span tensor = null;
        List<Long> list = new ArrayList<>();
        while (r.hasMore()) {
            int key = r.readKey();
            switch (WireReader.field(key)) {
                case ATTR_NAME -> name = stringField(r, key, "AttributeProto.name");
                case ATTR_I -> {
                    r.expectWireType(key, WireReader.VARINT, "AttributeProto.i");
                    i = r.readVarint("AttributeProto.i");
                }
                case ATTR_INTS -> readVarints(r, key, "AttributeProto.ints", list);
                case ATTR_T -> tensor = message(r, key, "AttributeProto.t");
                default -> r.skip(key);
            }
        }
        if (tensor != null && name.equals("value")) {
            tensors.add(tensor);
        }
        if (i != null) {
            ints.put(name, i);
        }
        if (!list.isEmpty()) {
            intLists.put(name, List.copyOf(list));
        }
    }

    private Optional<OnnxTensor> readTensor(WireReader r) {
        return readTensor(r, null);
    }

    /** @param nameOverride the name to use instead of TensorProto.name (a Constant's output), or null */
    private Optional<OnnxTensor> readTensor(WireReader r, String nameOverride) {
        long start = r.position();
        List<Long> dims = new ArrayList<>();
        long dataType = 0;
        String name = "";
        Span raw = null;
        long location = 0;
        Map<String, String> externalEntries = new LinkedHashMap<>();
        boolean segmented = false;
        // For each typed field: exact element count for fixed-width encodings, an upper bound for varints.
        Map<Integer, Long> typedCount = new HashMap<>();
        while (r.hasMore()) {
            int key = r.readKey();
            int field = WireReader.field(key);
            switch (field) {
                case OnnxDataType.Fields.DIMS -> {
                    readVarints(r, key, "TensorProto.dims", dims);
                    if (dims.size() > MAX_RANK) {
                        throw r.error("tensor at offset " + start + " has more than " + MAX_RANK + " dims");
                    }
                }
                case OnnxDataType.Fields.DATA_TYPE -> {
                    r.expectWireType(key, WireReader.VARINT, "TensorProto.data_type");
                    dataType = r.readVarint("TensorProto.data_type");
                }
                case OnnxDataType.Fields.NAME -> name = stringField(r, key, "TensorProto.name");
                case OnnxDataType.Fields.RAW_DATA -> raw = message(r, key, "TensorProto.raw_data");
                case OnnxDataType.Fields.DATA_LOCATION -> {
                    r.expectWireType(key, WireReader.VARINT, "TensorProto.data_location");
                    location = r.readVarint("TensorProto.data_location");
                }
                case OnnxDataType.Fields.EXTERNAL_DATA ->
                        readEntry(r.sub(message(r, key, "TensorProto.external_data")), externalEntries);
                case OnnxDataType.Fields.SEGMENT -> {
                    r.skip(key);
                    segmented = true;
                }
                case OnnxDataType.Fields.FLOAT_DATA -> typedCount.merge(field, countFixed(r, key, 4), Long::sum);
                case OnnxDataType.Fields.DOUBLE_DATA -> typedCount.merge(field, countFixed(r, key, 8), Long::sum);
                case OnnxDataType.Fields.INT32_DATA, OnnxDataType.Fields.INT64_DATA, OnnxDataType.Fields.UINT64_DATA ->
                        typedCount.merge(field, countVarintBound(r, key), Long::sum);
                default -> r.skip(key);
            }
        }
        Span message = new Span(start, r.position() - start);
        if (nameOverride != null) {
            name = nameOverride;
        }
        String label = nameOverride != null ? "Constant output " + name
                : name.isEmpty() ? "unnamed initializer at offset " + start : "initializer " + name;
        if (segmented) {
            throw r.error(label + " is segmented (TensorProto.segment), which is not supported");
        }
        long[] shape = new long[dims.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
            if (shape[i] < 0) {
                throw r.error(label + " has a negative dimension " + shape[i]);
            }
            try {
                elements = Math.multiplyExact(elements, shape[i]);
            } catch (ArithmeticException e) {
                throw r.error(label + " has dims whose product overflows 64 bits");
            }
        }
        Optional<OnnxDataType> type = OnnxDataType.fromCode(dataType);
        Optional<DType> dtype = type.flatMap(OnnxDataType::dtype);
        if (dtype.isEmpty()) {
            if (nameOverride != null) {
                return Optional.empty(); // string and other odd constants are graph plumbing, not weights
            }
            notes.add(label + " skipped: ONNX data type "
                    + type.map(Enum::name).orElse("code " + dataType) + " has no workbench dtype");
            return Optional.empty();
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(elements, dtype.get().byteWidth());
        } catch (ArithmeticException e) {
            throw r.error(label + " is too large: its byte size overflows 64 bits");
        }
        TensorData data;
        if (location == DATA_LOCATION_EXTERNAL) {
            data = external.resolve(label, externalEntries, bytes);
        } else if (raw != null) {
            if (raw.length() != bytes) {
                throw r.error(label + " raw_data has " + raw.length() + " bytes but its dims and type need " + bytes);
            }
            data = new TensorData.Raw(raw);
        } else {
            int field = type.get().typedField();
            long count = typedCount.getOrDefault(field, 0L);
            boolean exact = field == OnnxDataType.Fields.FLOAT_DATA || field == OnnxDataType.Fields.DOUBLE_DATA;
            if (elements == 0 && count == 0) {
                data = new TensorData.Empty();
            } else if (count == 0) {
                throw r.error(label + " has no data (no raw_data, no typed values, not external)");
            } else if (exact ? count != elements : count < elements) {
                throw r.error(label + " holds " + (exact ? "" : "at most ") + count
                        + " values but its dims need " + elements);
            } else {
                data = new TensorData.Typed(message, field);
            }
        }
        return Optional.of(new OnnxTensor(name, type, dataType, shape, data));
    }

    private static long countFixed(WireReader r, int key, int width) {
        int wire = WireReader.wireType(key);
        if (wire == WireReader.LENGTH_DELIMITED) {
            Span packed = r.readLengthDelimited("packed field " + WireReader.field(key));
            if (packed.length() % width != 0) {
                throw r.error("packed field " + WireReader.field(key) + " at offset " + packed.offset()
                        + " is " + packed.length() + " bytes, not a multiple of " + width);
            }
            return packed.length() / width;
        }
        r.expectWireType(key, width == 4 ? WireReader.FIXED32 : WireReader.FIXED64, "field " + WireReader.field(key));
        r.skip(key);
        return 1;
    }

    /** Every varint takes at least one byte, so a packed run of n bytes holds at most n values. */
    private static long countVarintBound(WireReader r, int key) {
        if (WireReader.wireType(key) == WireReader.LENGTH_DELIMITED) {
            return r.readLengthDelimited("packed field " + WireReader.field(key)).length();
        }
        r.expectWireType(key, WireReader.VARINT, "field " + WireReader.field(key));
        r.skip(key);
        return 1;
    }

    private static void readVarints(WireReader r, int key, String what, List<Long> out) {
        if (WireReader.wireType(key) == WireReader.LENGTH_DELIMITED) {
            WireReader packed = r.sub(r.readLengthDelimited(what));
            while (packed.hasMore()) {
                out.add(packed.readVarint(what));
                if (out.size() > 1_000_000) {
                    throw r.error(what + " has more than a million values");
                }
            }
        } else {
            r.expectWireType(key, WireReader.VARINT, what);
            out.add(r.readVarint(what));
        }
    }

    private static void readOpset(WireReader r, Map<String, Long> opsets) {
        String domain = "";
        long version = 0;
        while (r.hasMore()) {
            int key = r.readKey();
            switch (WireReader.field(key)) {
                case ENTRY_KEY -> domain = stringField(r, key, "OperatorSetIdProto.domain");
                case ENTRY_VALUE -> {
                    r.expectWireType(key, WireReader.VARINT, "OperatorSetIdProto.version");
                    version = r.readVarint("OperatorSetIdProto.version");
                }
                default -> r.skip(key);
            }
        }
        opsets.put(domain, version);
    }

    /** Like {@link #readEntry}, but a value too long for a name is left out with a note, not an error. */
    private void readMetadata(WireReader r, Map<String, String> into) {
        String k = "";
        String v = "";
        boolean dropped = false;
        while (r.hasMore()) {
            int key = r.readKey();
            if (WireReader.field(key) == ENTRY_VALUE && WireReader.wireType(key) == WireReader.LENGTH_DELIMITED) {
                Span value = r.readLengthDelimited("metadata_props value");
                dropped = value.length() > WireReader.MAX_STRING_BYTES;
                v = dropped ? "" : r.string(value, "metadata_props value");
            } else if (WireReader.field(key) == ENTRY_KEY) {
                k = stringField(r, key, "StringStringEntryProto.key");
            } else {
                r.skip(key);
            }
        }
        if (dropped) {
            notes.add("metadata_props entry '" + k + "' left out: its value is longer than "
                    + WireReader.MAX_STRING_BYTES + " bytes");
        } else {
            into.put(k, v);
        }
    }

    private static void readEntry(WireReader r, Map<String, String> into) {
        String k = "";
        String v = "";
        while (r.hasMore()) {
            int key = r.readKey();
            switch (WireReader.field(key)) {
                case ENTRY_KEY -> k = stringField(r, key, "StringStringEntryProto.key");
                case ENTRY_VALUE -> v = stringField(r, key, "StringStringEntryProto.value");
                default -> r.skip(key);
            }
        }
        into.put(k, v);
    }

    private static Span message(WireReader r, int key, String what) {
        r.expectWireType(key, WireReader.LENGTH_DELIMITED, what);
        return r.readLengthDelimited(what);
    }

    private static String stringField(WireReader r, int key, String what) {
        r.expectWireType(key, WireReader.LENGTH_DELIMITED, what);
        return r.readString(what);
    }
}

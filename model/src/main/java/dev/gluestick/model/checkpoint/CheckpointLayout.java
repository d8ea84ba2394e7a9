package dev.gluestick.model.checkpoint;

/** How a checkpoint is laid out on disk; an export reproduces the same layout. */
public enum CheckpointLayout {
    /** One {@code .safetensors} file given directly. */
    SAFETENSORS_FILE,
    /** A Hugging Face folder with {@code model.safetensors}. */
    FOLDER_SINGLE,
    /** A Hugging Face folder with shards listed in {@code model.safetensors.index.json}. */
    FOLDER_SHARDED,
    /** An {@code .onnx} graph; exported as a single safetensors file. */
    ONNX
}

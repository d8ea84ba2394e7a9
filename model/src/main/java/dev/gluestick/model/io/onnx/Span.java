package dev.gluestick.model.io.onnx;

/** A byte range {@code [offset, offset + length)} inside a file. */
record Span(long offset, long length) {

    Span {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative span " + offset + "+" + length);
        }
    }

    long end() {
        return offset + length;
    }
}

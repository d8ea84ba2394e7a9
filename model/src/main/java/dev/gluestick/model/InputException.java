package dev.gluestick.model;

/**
 * Bad user input: a corrupt or truncated file, a wrong shape, an unknown dtype, a missing shard,
 * NaN weights, an output folder that already exists.
 *
 * <p>The message is one line a user can act on and names the file (and tensor, where there is
 * one). The command line maps it to exit code 2 and the window to an alert; anything else that
 * escapes is an internal error.
 */
public class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}

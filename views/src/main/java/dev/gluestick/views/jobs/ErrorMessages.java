package dev.gluestick.views.jobs;

import dev.gluestick.model.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns any failure into one sentence a user can act on: the text of the single error dialog. */
public final class ErrorMessages {

    private ErrorMessages() {}

    public static String describe(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof InputException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException n) {
            return "File not found: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "Permission denied: " + a.getFile();
        }
        if (e instanceof IOException) {
            return "Could not read or write a file: " + e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "Out of memory. Close other models or start gluestick with a larger -Xmx.";
        }
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "Something went wrong inside gluestick (" + e.getClass().getSimpleName() + "): " + what
                + ". Please report it with the file you opened.";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof ExecutionException || e instanceof CompletionException || e instanceof UncheckedIOException
                || (e instanceof RuntimeException && e.getClass() == RuntimeException.class))
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}

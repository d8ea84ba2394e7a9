package dev.gluestick.samples.world;

import java.util.List;
import java.util.Locale;

/**
 * The instruction language: a fixed vocabulary and a whitespace tokenizer to a fixed number of
 * slots (padded with {@code <pad>}). Token ids are the indices into {@link #WORDS}.
 */
public final class Vocabulary {

    private Vocabulary() {}

    public static final List<String> WORDS =
            List.of("<pad>", "go", "to", "the", "red", "green", "blue", "yellow", "marker");
    public static final int SLOTS = 6;
    public static final int PAD = 0;

    public static String instruction(Colour target) {
        return "go to the " + target.word() + " marker";
    }

    /**
     * Token ids of an instruction, padded to {@link #SLOTS}.
     *
     * @throws IllegalArgumentException for an unknown word or a too long instruction
     */
    public static int[] tokenize(String text) {
        String[] words = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length > SLOTS) {
            throw new IllegalArgumentException("instruction longer than " + SLOTS + " words: " + text);
        }
        int[] ids = new int[SLOTS];
        for (int i = 0; i < words.length; i++) {
            int id = WORDS.indexOf(words[i]);
            if (id <= PAD) {
                throw new IllegalArgumentException("unknown word '" + words[i] + "' in instruction: " + text);
            }
            ids[i] = id;
        }
        return ids;
    }
}

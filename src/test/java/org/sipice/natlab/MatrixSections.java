package org.sipice.natlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/nat-matrix.md is written by several classes: {@link MatrixReport} owns the text before
 * the first {@code ## } heading (the 45-cell matrix), and every other writer owns one {@code ## }
 * section, which it replaces whole; what the others wrote stays.
 */
final class MatrixSections {
    private static final String HEADING = "\n## ";

    private MatrixSections() {
    }

    /** The file's {@code ## } sections, from the first heading to the end; empty without any (or file). */
    static String of(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String text = Files.readString(file);
        int first = text.indexOf(HEADING);
        return first < 0 ? "" : text.substring(first);
    }

    /**
     * Replaces the section headed {@code ## title} (up to the next {@code ## } heading) with
     * {@code body}, or appends it at the end.
     */
    static void replace(Path file, String title, String body) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        String heading = HEADING + title + "\n";
        String section = heading + "\n" + body.strip() + "\n";
        int start = text.indexOf(heading);
        String updated;
        if (start < 0) {
            updated = text.stripTrailing() + "\n" + section;
        } else {
            int end = text.indexOf(HEADING, start + heading.length());
            updated = text.substring(0, start) + section + (end < 0 ? "" : text.substring(end));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, updated);
    }
}

package org.sipice.sdp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edits the lines of one scope (the session part, or one media section without its {@code m=}) the
 * way the builders need: a typed setter replaces every line of its kind with freshly written ones,
 * in place of the first old one, and everything it does not touch stays exactly as it was. A kind
 * that had no line yet goes where RFC 4566 §5 orders its type, or, for an attribute, after all the
 * other attributes in the builder's fixed order, so a description written from scratch always comes
 * out the same.
 */
final class SectionEditor {

    /** What a typed setter owns: all lines of a type ({@code attribute == null}), or all {@code a=<attribute>} lines. */
    private record Kind(char type, String attribute) {
        boolean owns(SdpLine line) {
            return line.type() == type && (attribute == null || line.isAttribute(attribute));
        }
    }

    private final String typeOrder;
    private final List<String> attributeOrder;
    private final List<SdpLine> lines;
    private final Map<Kind, List<SdpLine>> replacements = new LinkedHashMap<>();

    /**
     * @param template       the lines to edit
     * @param typeOrder      the RFC 4566 §5 order of line types in this scope, e.g. {@code "icbka"}
     * @param attributeOrder where new attributes of the typed kinds go, after all the others
     */
    SectionEditor(List<SdpLine> template, String typeOrder, List<String> attributeOrder) {
        this.lines = new ArrayList<>(template);
        this.typeOrder = typeOrder;
        this.attributeOrder = attributeOrder;
    }

    /** Replaces every line of {@code type} by one line per value (none removes them). */
    void setLines(char type, List<String> values) {
        List<SdpLine> fresh = new ArrayList<>();
        for (String v : values) {
            fresh.add(new SdpLine(type, v));
        }
        replacements.put(new Kind(type, null), fresh);
    }

    /** Replaces every {@code a=name} line by one line per value ({@code null} for a property attribute). */
    void setAttribute(String name, List<String> values) {
        List<SdpLine> fresh = new ArrayList<>();
        for (String v : values) {
            fresh.add(SdpLine.attribute(name, v));
        }
        replacements.put(new Kind('a', name), fresh);
    }

    /** Adds an untyped line: an attribute at the end, another type where RFC 4566 §5 orders it. */
    void addLine(SdpLine line) {
        if (line.type() == 'a') {
            lines.add(line);
        } else {
            insertInOrder(lines, line);
        }
    }

    /** Removes every {@code a=name} line, including one a typed setter was about to write. */
    void removeAttribute(String name) {
        lines.removeIf(l -> l.isAttribute(name));
        replacements.keySet().removeIf(k -> k.type() == 'a' && k.attribute().equalsIgnoreCase(name));
    }

    /** Whether the result will have a line of {@code type}. */
    boolean willHave(char type) {
        Kind kind = new Kind(type, null);
        if (replacements.containsKey(kind)) {
            return !replacements.get(kind).isEmpty();
        }
        return lines.stream().anyMatch(l -> l.type() == type);
    }

    /** The edited lines. */
    List<SdpLine> result() {
        List<SdpLine> out = new ArrayList<>();
        Set<Kind> placed = new HashSet<>();
        for (SdpLine line : lines) {
            Kind owner = ownerOf(line);
            if (owner == null) {
                out.add(line);
            } else if (placed.add(owner)) {
                out.addAll(replacements.get(owner));
            }
        }
        List<Kind> unplaced = new ArrayList<>(replacements.keySet());
        unplaced.removeAll(placed);
        unplaced.sort(Comparator.comparingInt(this::rankOf));
        for (Kind kind : unplaced) {
            for (SdpLine line : replacements.get(kind)) {
                if (line.type() == 'a') {
                    out.add(line);
                } else {
                    insertInOrder(out, line);
                }
            }
        }
        return out;
    }

    private Kind ownerOf(SdpLine line) {
        for (Kind kind : replacements.keySet()) {
            if (kind.owns(line)) {
                return kind;
            }
        }
        return null;
    }

    /** Other types first in RFC 4566 order, then attributes in the builder's order. */
    private int rankOf(Kind kind) {
        if (kind.type() != 'a') {
            return typeRank(kind.type());
        }
        int index = attributeOrder.indexOf(kind.attribute());
        return typeOrder.length() + 1 + (index < 0 ? attributeOrder.size() : index);
    }

    /** After the last line whose type comes no later than this one's. */
    private void insertInOrder(List<SdpLine> target, SdpLine line) {
        int rank = typeRank(line.type());
        int position = 0;
        for (int i = 0; i < target.size(); i++) {
            if (typeRank(target.get(i).type()) <= rank) {
                position = i + 1;
            }
        }
        target.add(position, line);
    }

    private int typeRank(char type) {
        int index = typeOrder.indexOf(type);
        return index < 0 ? typeOrder.length() : index;
    }
}

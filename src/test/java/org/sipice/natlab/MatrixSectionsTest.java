package org.sipice.natlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipice.natlab.MatrixReport.Cell;
import org.sipice.natlab.NatPathModel.Outcome;

/**
 * docs/nat-matrix.md has several writers: the 45-cell matrix rewrites its part and keeps the
 * others' sections; a section's writer replaces its own and nothing else.
 */
class MatrixSectionsTest {
    @TempDir
    Path dir;

    @Test
    void aSectionIsAppendedThenReplacedWhole_andTheOthersStay() throws Exception {
        Path file = dir.resolve("m.md");
        Files.writeString(file, "# matrix\n\n| table |\n");

        MatrixSections.replace(file, "Egress", "rows v1");
        MatrixSections.replace(file, "Figures", "figures v1");
        MatrixSections.replace(file, "Egress", "rows v2\nsecond line");

        assertEquals("# matrix\n\n| table |\n\n## Egress\n\nrows v2\nsecond line\n\n## Figures\n\nfigures v1\n",
                Files.readString(file));
    }

    @Test
    void theMatrixRewritesItsOwnPart_andKeepsTheSectionsAfterIt() throws Exception {
        Path file = dir.resolve("m.md");
        Files.writeString(file, "# old matrix\n\n| old |\n");
        MatrixSections.replace(file, "Egress", "rows");
        var eim = NatPathModel.type("eim/apdf");

        MatrixReport.write(file, List.of(new Cell(eim, eim, Outcome.DIRECT, null, Outcome.DIRECT, null, "x")), "new");

        String text = Files.readString(file);
        assertFalse(text.contains("| old |"), text);
        assertTrue(text.contains("\nnew\n"), text);
        assertEquals("\n## Egress\n\nrows\n", MatrixSections.of(file));
    }
}

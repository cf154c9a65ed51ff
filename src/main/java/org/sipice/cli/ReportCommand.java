package org.sipice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sipice.diagnostics.CallReport;
import org.sipice.diagnostics.CallReportHtml;
import org.sipice.diagnostics.CallReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sipice report}: renders a saved call report (JSON) as a self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Renders a call report saved as JSON (by sipice demo --report DIR, or",
            "Call.report() + CallReportJson) as one self-contained HTML page: the",
            "candidate-pair table, a timeline chart, the candidates. No network needed.",
            "Ends with a RESULT line; exit status 0 when written, 2 when the input is",
            "not a readable call report, 1 when the page cannot be written."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.json", description = "The call report to render.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html",
            description = "Where to write the page. Default: beside FILE.json, named FILE.html.")
    Path output;

    /** Where the command prints (a test seam). */
    PrintStream out = System.out;

    @Override
    public Integer call() {
        ResultLine result;
        int code;
        CallReport report = null;
        try {
            report = CallReportJson.read(input);
        } catch (NoSuchFileException e) {
            out.println(input + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            out.println(input + ": " + e.getMessage());
        }
        if (report == null) {
            result = ResultLine.failed("bad_report").put("input", input);
            code = ExitCode.USAGE;
        } else {
            Path html = output != null ? output : defaultOutput(input);
            try {
                CallReportHtml.write(report, html);
                out.println("wrote " + html + ": " + report.ice().pairs().size() + " candidate pairs, "
                        + report.timeline().size() + " timeline entries");
                result = ResultLine.ok().put("html", html).put("call_id", report.callId())
                        .put("pairs", report.ice().pairs().size())
                        .put("selected", report.ice().selectedPairs().size())
                        .put("timeline", report.timeline().size());
                code = ExitCode.OK;
            } catch (IOException e) {
                out.println(html + ": cannot write: " + e.getMessage());
                result = ResultLine.failed("cannot_write").put("html", html);
                code = ExitCode.CALL_FAILED;
            }
        }
        out.println(result);
        out.flush();
        return code;
    }

    static Path defaultOutput(Path json) {
        String name = json.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        Path parent = json.toAbsolutePath().getParent();
        return parent == null ? Path.of(base + ".html") : parent.resolve(base + ".html");
    }

    /** Saves {@code report} as {@code DIR/NAME.json} and {@code DIR/NAME.html}; returns the JSON path. */
    static Path save(CallReport report, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(name + ".json");
        CallReportJson.write(report, json);
        CallReportHtml.write(report, dir.resolve(name + ".html"));
        return json;
    }
}

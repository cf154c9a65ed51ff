package org.sipice.diagnostics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A {@link CallReport} as JSON, for tools. Field names are the record components, which follow
 * WebRTC's stats ({@code candidateType}, {@code requestsSent}, {@code currentRoundTripTime} in
 * seconds...); times are ISO-8601 UTC strings. Reading is strict about what matters (the
 * version, well-formed times) and tolerant of fields a newer sipice may add.
 */
public final class CallReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("sipice-instant")
                    .addSerializer(Instant.class, new InstantWriter())
                    .addDeserializer(Instant.class, new InstantReader()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CallReportJson() {
    }

    public static String write(CallReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the call report as JSON", e); // records always serialize
        }
    }

    public static void write(CallReport report, Path file) throws IOException {
        Files.writeString(file, write(report) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Parses a report.
     *
     * @throws IllegalArgumentException naming what is wrong (not JSON, not a report, a newer version)
     */
    public static CallReport read(String json) {
        CallReport report;
        try {
            report = MAPPER.readValue(json, CallReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a sipice call report: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"), e);
        }
        if (report == null || report.version() < 1 || report.ice() == null || report.callId() == null) {
            throw new IllegalArgumentException("not a sipice call report: version, callId and ice are required");
        }
        if (report.version() > CallReport.VERSION) {
            throw new IllegalArgumentException("call report version " + report.version()
                    + " is newer than this sipice reads (" + CallReport.VERSION + ")");
        }
        ReportValidation.requireComplete(report);
        return report;
    }

    public static CallReport read(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static final class InstantWriter extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class InstantReader extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException | NullPointerException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
            }
        }
    }
}

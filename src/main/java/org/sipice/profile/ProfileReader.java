package org.sipice.profile;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Finds sip-profile files, reads them and merges {@code extends} chains. Knows nothing about
 * what the keys mean.
 *
 * <p>A profile name such as {@code loopback-demo} is looked up as the class path resource
 * {@code sip-profiles/loopback-demo.properties}, then as the file
 * {@code sip-profiles/loopback-demo.properties} under the working directory. A parent named in
 * {@code extends} is first looked for next to the file that names it.
 */
final class ProfileReader {

    /** Key naming the parent profile, whose keys this file overrides. */
    static final String EXTENDS = "extends";

    /** Directory of profiles, both on the class path and under the working directory. */
    static final String DIRECTORY = "sip-profiles";

    static final String SUFFIX = ".properties";

    private ProfileReader() {
    }

    /** One key of a merged profile, with the file that set it (for error messages). */
    record Setting(String key, String value, String source) {
    }

    /** A profile after merging its {@code extends} chain. */
    record Merged(String name, Map<String, Setting> settings) {
    }

    /** One profile file before merging. {@code dir} is null when not read from a directory. */
    private record Source(String fileName, String identity, Properties props, Path dir) {
    }

    static Merged load(String nameOrPath) {
        if (looksLikePath(nameOrPath)) {
            return load(Path.of(nameOrPath));
        }
        return merge(findNamed(nameOrPath, null, ""), new ArrayList<>());
    }

    static Merged load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ProfileException(file + ": no such sip-profile file");
        }
        return merge(readFile(file), new ArrayList<>());
    }

    static Merged parse(String sourceName, Properties props) {
        Properties copy = new Properties();
        copy.putAll(props);
        return merge(new Source(sourceName, "properties:" + sourceName, copy, null), new ArrayList<>());
    }

    private static boolean looksLikePath(String nameOrPath) {
        return nameOrPath.endsWith(SUFFIX) || nameOrPath.indexOf('/') >= 0
                || nameOrPath.indexOf(File.separatorChar) >= 0;
    }

    /** Parent keys first, then this file's keys over them. */
    private static Merged merge(Source source, List<Source> chain) {
        if (chain.stream().anyMatch(s -> s.identity().equals(source.identity()))) {
            String cycle = chain.stream().map(Source::fileName).collect(Collectors.joining(" -> "));
            throw new ProfileException(chain.get(0).fileName() + ": extends cycle " + cycle + " -> "
                    + source.fileName());
        }
        chain.add(source);
        Map<String, Setting> settings = new TreeMap<>();
        String parent = source.props().getProperty(EXTENDS);
        if (parent != null) {
            settings.putAll(merge(findParent(parent.trim(), source), chain).settings());
        }
        for (String key : source.props().stringPropertyNames()) {
            if (!key.equals(EXTENDS)) {
                settings.put(key, new Setting(key, source.props().getProperty(key), source.fileName()));
            }
        }
        return new Merged(baseName(source.fileName()), settings);
    }

    private static Source findParent(String parent, Source child) {
        String context = child.fileName() + ": " + EXTENDS + "=" + parent + ": ";
        if (parent.isEmpty()) {
            throw new ProfileException(context + "names no profile");
        }
        if (!looksLikePath(parent)) {
            return findNamed(parent, child.dir(), context);
        }
        Path file = child.dir() == null ? Path.of(parent) : child.dir().resolve(parent);
        if (!Files.isRegularFile(file)) {
            throw new ProfileException(context + "no such file " + file.toAbsolutePath());
        }
        return readFile(file);
    }

    /**
     * Looks up a profile by name: next to {@code siblingDir} if given, then on the class path,
     * then under the working directory.
     */
    private static Source findNamed(String name, Path siblingDir, String context) {
        String fileName = name + SUFFIX;
        List<String> tried = new ArrayList<>();
        if (siblingDir != null) {
            Path sibling = siblingDir.resolve(fileName);
            if (Files.isRegularFile(sibling)) {
                return readFile(sibling);
            }
            tried.add(sibling.toString());
        }
        String resource = DIRECTORY + "/" + fileName;
        URL url = ProfileReader.class.getClassLoader().getResource(resource);
        if (url != null) {
            return readResource(url, fileName);
        }
        tried.add("class path " + resource);
        Path local = Path.of(DIRECTORY, fileName);
        if (Files.isRegularFile(local)) {
            return readFile(local);
        }
        tried.add(local.toAbsolutePath().toString());
        throw new ProfileException(context + "no sip-profile named " + name + " (looked in "
                + String.join(", ", tried) + ")");
    }

    private static Source readFile(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String fileName = absolute.getFileName().toString();
        try (InputStream in = Files.newInputStream(absolute)) {
            return new Source(fileName, absolute.toString(), read(in), absolute.getParent());
        } catch (NoSuchFileException e) {
            throw new ProfileException(fileName + ": no such file " + absolute, e);
        } catch (IOException e) {
            throw new ProfileException(fileName + ": cannot read " + absolute + ": " + e.getMessage(), e);
        }
    }

    private static Source readResource(URL url, String fileName) {
        try (InputStream in = url.openStream()) {
            return new Source(fileName, url.toString(), read(in), null);
        } catch (IOException e) {
            throw new ProfileException(fileName + ": cannot read " + url + ": " + e.getMessage(), e);
        }
    }

    /** Profiles are UTF-8 (a user agent name may not be Latin-1), unlike Properties.load(InputStream). */
    private static Properties read(InputStream in) throws IOException {
        Properties props = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        return props;
    }

    private static String baseName(String fileName) {
        return fileName.endsWith(SUFFIX) ? fileName.substring(0, fileName.length() - SUFFIX.length()) : fileName;
    }
}

package io.switchboard.providers.gemini;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Media references of OpenAI content parts in Gemini's terms: a {@code data:} URL becomes {@code inlineData} (base64
 * without the prefix), a URL Gemini reads itself ({@link #readableByGemini}) {@code fileData} whose mandatory
 * {@code mimeType} is guessed from the file extension of the URL path (query and fragment ignored), since Gemini does
 * not sniff it.
 */
final class GeminiMedia {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"),
            Map.entry("gif", "image/gif"),
            Map.entry("heic", "image/heic"),
            Map.entry("heif", "image/heif"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("txt", "text/plain"),
            Map.entry("md", "text/md"),
            Map.entry("csv", "text/csv"),
            Map.entry("html", "text/html"),
            Map.entry("xml", "text/xml"),
            Map.entry("mp3", "audio/mp3"),
            Map.entry("wav", "audio/wav"),
            Map.entry("aac", "audio/aac"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("flac", "audio/flac"),
            Map.entry("aiff", "audio/aiff"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("mpeg", "video/mpeg"),
            Map.entry("mpg", "video/mpeg"),
            Map.entry("mov", "video/mov"),
            Map.entry("avi", "video/avi"),
            Map.entry("webm", "video/webm"),
            Map.entry("wmv", "video/wmv"),
            Map.entry("flv", "video/x-flv"),
            Map.entry("3gp", "video/3gpp"));

    private GeminiMedia() {}

    /** The payload of a {@code data:} URL, base64-encoded as Gemini's {@code inlineData.data} wants it. */
    record Inline(String mimeType, String data) {}

    /**
     * URLs Gemini fetches itself: its Files API ({@code https://generativelanguage.googleapis.com/...}), Cloud Storage
     * ({@code gs://}) and YouTube videos. Anything else must be sent inline.
     */
    static boolean readableByGemini(String url) {
        String lower = url.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://generativelanguage.googleapis.com/")
                || lower.startsWith("gs://")
                || lower.startsWith("https://www.youtube.com/")
                || lower.startsWith("https://youtube.com/")
                || lower.startsWith("https://m.youtube.com/")
                || lower.startsWith("https://youtu.be/");
    }

    static boolean isDataUrl(String url) {
        return url.regionMatches(true, 0, "data:", 0, 5);
    }

    /** Parses {@code data:<mime>[;param]*[;base64],<payload>}; empty when malformed. */
    static Optional<Inline> parseDataUrl(String url, String fallbackMimeType) {
        if (!isDataUrl(url)) {
            return Optional.empty();
        }
        int comma = url.indexOf(',');
        if (comma < 0) {
            return Optional.empty();
        }
        String header = url.substring(5, comma);
        String payload = url.substring(comma + 1);
        String[] fields = header.split(";");
        String mimeType = fields.length > 0 && !fields[0].isBlank()
                ? fields[0].trim().toLowerCase(Locale.ROOT)
                : fallbackMimeType;
        boolean base64 = false;
        for (int i = 1; i < fields.length; i++) {
            base64 |= fields[i].trim().equalsIgnoreCase("base64");
        }
        if (!base64) {
            byte[] bytes = URLDecoder.decode(payload, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            payload = Base64.getEncoder().encodeToString(bytes);
        }
        return Optional.of(new Inline(mimeType, payload));
    }

    /** The MIME type implied by the extension of {@code url}'s path (or a file name), else {@code fallback}. */
    static String guessMimeType(String url, String fallback) {
        if (url == null) {
            return fallback;
        }
        String path = url;
        int cut = path.indexOf('?');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        cut = path.indexOf('#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return fallback;
        }
        return BY_EXTENSION.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), fallback);
    }
}

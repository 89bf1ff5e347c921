package de.stimmung.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The page's files, shipped in the jar under {@code /dashboard/}: {@code /} is {@code index.html},
 * {@code /static/NAME} is {@code /dashboard/NAME}. No directory listing, no path outside that folder.
 */
final class StaticFiles {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "md", "text/plain; charset=utf-8", "txt", "text/plain; charset=utf-8");

    /** Scripts only from this server, no inline script: record text can never run as code. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    void serve(HttpExchange ex, String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring("/static/".length());
        if (name.contains("..") || name.contains("//") || name.startsWith("/")) {
            Exchanges.error(ex, 404, "no such file");
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        try (InputStream in = StaticFiles.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null || !TYPES.containsKey(ext)) {
                Exchanges.error(ex, 404, "no such file: " + name);
                return;
            }
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            Exchanges.send(ex, 200, TYPES.get(ext), in.readAllBytes());
        }
    }
}

package io.switchboard.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;

/**
 * The jte engine over the templates precompiled at build time ({@code src/main/jte}). Every template takes one typed
 * parameter, so a page and its template cannot disagree about what is passed.
 */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders {@code name} (e.g. {@code "models.jte"}) with its single parameter to UTF-8 bytes. */
    public byte[] render(String name, Object parameter) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        engine.render(name, parameter, output);
        return output.toByteArray();
    }
}

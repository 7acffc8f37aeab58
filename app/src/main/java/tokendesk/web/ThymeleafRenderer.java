package tokendesk.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/** Renders "name" as a whole page or "name :: fragment" as just that fragment (for htmx swaps). */
public final class ThymeleafRenderer implements FileRenderer {
    private final TemplateEngine engine = new TemplateEngine();

    public ThymeleafRenderer() {
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    @Override
    @SuppressWarnings("unchecked")
    public String render(String path, Map<String, ?> model, Context ctx) {
        // a web context so that @{/...} links resolve against the servlet context path
        var application = JakartaServletWebApplication.buildApplication(ctx.req().getServletContext());
        var exchange = application.buildExchange(ctx.req(), ctx.res());
        var context = new WebContext(exchange, Locale.ENGLISH, (Map<String, Object>) model);
        int split = path.indexOf("::");
        return split < 0
                ? engine.process(path, context)
                : engine.process(path.substring(0, split).trim(), Set.of(path.substring(split + 2).trim()), context);
    }
}

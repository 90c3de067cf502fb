package io.switchboard.web;

import java.util.List;

/** One runnable sample of the API tab: an id for the copy button, the language and the code. */
public record CodeSample(String id, String language, String code) {
    static final String KEY_VARIABLE = "SWITCHBOARD_API_KEY";

    /** Python, TypeScript (both with the official OpenAI SDK) and curl for one model at one base URL. */
    static List<CodeSample> all(String baseUrl, String model) {
        String python = """
                import os
                from openai import OpenAI

                client = OpenAI(
                    base_url="%1$s",
                    api_key=os.environ["%3$s"],
                )

                completion = client.chat.completions.create(
                    extra_headers={
                        "HTTP-Referer": "https://example.app",  # Optional: your app's URL, for the app rankings
                        "X-Title": "Example App",  # Optional: your app's name, shown in the rankings
                    },
                    model="%2$s",
                    messages=[{"role": "user", "content": "What is the meaning of life?"}],
                )
                print(completion.choices[0].message.content)
                """.formatted(baseUrl, model, KEY_VARIABLE);
        String typescript = """
                import OpenAI from "openai";

                const client = new OpenAI({
                  baseURL: "%1$s",
                  apiKey: process.env.%3$s,
                  defaultHeaders: {
                    "HTTP-Referer": "https://example.app", // Optional: your app's URL, for the app rankings
                    "X-Title": "Example App", // Optional: your app's name, shown in the rankings
                  },
                });

                const completion = await client.chat.completions.create({
                  model: "%2$s",
                  messages: [{ role: "user", content: "What is the meaning of life?" }],
                });
                console.log(completion.choices[0].message.content);
                """.formatted(baseUrl, model, KEY_VARIABLE);
        String curl = """
                curl %1$s/chat/completions \\
                  -H "Content-Type: application/json" \\
                  -H "Authorization: Bearer $%3$s" \\
                  -H "HTTP-Referer: https://example.app" \\
                  -H "X-Title: Example App" \\
                  -d '{
                  "model": "%2$s",
                  "messages": [{"role": "user", "content": "What is the meaning of life?"}]
                }'
                """.formatted(baseUrl, model, KEY_VARIABLE);
        return List.of(
                new CodeSample("sample-python", "Python", python.strip()),
                new CodeSample("sample-typescript", "TypeScript", typescript.strip()),
                new CodeSample("sample-curl", "curl", curl.strip()));
    }
}

package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import io.switchboard.testing.TestGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model page's sample for openai/gpt-5, run through the official OpenAI Java SDK with only the base URL changed. */
class OpenAiSdkTest {
    private static final String IMAGE =
            "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg";
    private static TestGateway gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start();
        client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.baseUrl())
                .apiKey(gateway.createByokUser("sdk-user", new java.math.BigDecimal("100")))
                .headers(Map.of("HTTP-Referer", List.of("https://example.app"), "X-Title", List.of("Example App")))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        gateway.close();
    }

    private static ChatCompletionCreateParams sample() {
        return ChatCompletionCreateParams.builder()
                .model("openai/gpt-5")
                .addMessage(ChatCompletionUserMessageParam.builder()
                        .contentOfArrayOfContentParts(List.of(
                                ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                        .text("What is in this image?")
                                        .build()),
                                ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                        .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                                .url(IMAGE)
                                                .build())
                                        .build())))
                        .build())
                .build();
    }

    @Test
    void sampleWorksNonStreaming() {
        ChatCompletion completion = client.chat().completions().create(sample());

        assertThat(completion.id()).startsWith("gen-");
        assertThat(completion.model()).isEqualTo("openai/gpt-5");
        assertThat(completion.choices().getFirst().message().content())
                .hasValueSatisfying(content -> assertThat(content).isNotBlank());
        assertThat(completion.usage())
                .hasValueSatisfying(usage -> assertThat(usage.promptTokens()).isGreaterThan(85));
    }

    @Test
    void sampleWorksStreaming() {
        StringBuilder text = new StringBuilder();
        long usageChunks = 0;
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(sample())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                assertThat(chunk.id()).startsWith("gen-");
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                if (chunk.usage().isPresent()) {
                    usageChunks++;
                }
            }
        }
        assertThat(text.toString()).isNotBlank();
        assertThat(usageChunks).isEqualTo(1);
    }
}

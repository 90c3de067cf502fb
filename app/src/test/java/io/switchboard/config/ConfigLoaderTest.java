package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @Test
    void defaultsNeedNoFile() {
        SwitchboardConfig config = ConfigLoader.load(null, Map.of());

        assertThat(config).isEqualTo(SwitchboardConfig.defaults());
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo("./data");
        assertThat(config.database().embedded()).isTrue();
    }

    @Test
    void mediaFetchingIsStrictByDefaultAndConfigurable(@TempDir Path dir) throws Exception {
        assertThat(ConfigLoader.load(null, Map.of()).media()).isEqualTo(MediaConfig.defaults());
        assertThat(MediaConfig.defaults().allowHttp()).isFalse();
        assertThat(MediaConfig.defaults().allowPrivateNetworks()).isFalse();

        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, """
                media:
                  max_bytes: 1048576
                  max_redirects: 1
                """);
        MediaConfig media = ConfigLoader.load(
                        file, Map.of("SWITCHBOARD_MEDIA_ALLOW_HTTP", "true", "SWITCHBOARD_MEDIA_TIMEOUT_MS", "2500"))
                .media();

        assertThat(media).isEqualTo(new MediaConfig(true, false, 1_048_576, 2_500, 1));
    }

    @Test
    void fileOverridesDefaultsAndAddsProvidersAndModels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, """
                server:
                  port: 9999
                data_dir: /var/lib/switchboard
                providers:
                  local-vllm:
                    name: Local vLLM
                    wire_format: openai
                    base_url: http://127.0.0.1:8000/v1
                    api_key_env: VLLM_KEY
                  openai:
                    base_url: https://proxy.example/v1
                models:
                  - id: local/llama-3.1-8b
                    name: Llama 3.1 8B (local)
                    context_length: 8192
                    endpoints:
                      - provider: local-vllm
                        upstream_model: meta-llama/Llama-3.1-8B-Instruct
                        prompt_price_per_million: "0.05"
                        completion_price_per_million: "0.10"
                """);

        SwitchboardConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.server().port()).isEqualTo(9999);
        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo("/var/lib/switchboard");
        assertThat(config.providers().get("local-vllm").baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
        assertThat(config.providers().get("openai").baseUrl()).isEqualTo("https://proxy.example/v1");
        assertThat(config.models()).singleElement().satisfies(model -> {
            assertThat(model.id()).isEqualTo("local/llama-3.1-8b");
            assertThat(model.endpoints().getFirst().promptPricePerMillion()).isEqualTo("0.05");
        });
    }

    @Test
    void environmentOverridesEveryScalarAndProviders() {
        SwitchboardConfig config = ConfigLoader.load(
                null,
                Map.of(
                        "SWITCHBOARD_SERVER_PORT", "7070",
                        "SWITCHBOARD_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                        "SWITCHBOARD_UPSTREAM_IDLE_TIMEOUT_MS", "1234",
                        "SWITCHBOARD_PROVIDERS_GOOGLE_AI_STUDIO_BASE_URL", "http://gemini.local",
                        "SWITCHBOARD_PROVIDERS_OPENAI_API_KEY", "sk-test"));

        assertThat(config.server().port()).isEqualTo(7070);
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(config.upstream().idleTimeoutMs()).isEqualTo(1234);
        assertThat(config.providers().get("google-ai-studio").baseUrl()).isEqualTo("http://gemini.local");
        assertThat(config.providers().get("openai").apiKey()).isEqualTo("sk-test");
    }

    @Test
    void badValuesAreReportedWithTheirName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "server:\n  port: 70000\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port");

        Files.writeString(file, "server:\n  prot: 80\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prot");

        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not found");
    }
}

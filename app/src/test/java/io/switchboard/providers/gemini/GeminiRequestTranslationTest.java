package io.switchboard.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.json.Json;
import io.switchboard.providers.InvalidRequestException;
import io.switchboard.providers.UpstreamException;
import io.switchboard.providers.UpstreamException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAI → Gemini request translation, case by case, without any I/O. */
class GeminiRequestTranslationTest {
    private static final String PRO = "gemini-2.5-pro";

    @Test
    void systemAndDeveloperMessagesBecomeTheSystemInstructionWhereverTheyAre() throws Exception {
        JsonNode body = translate("""
                {"messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","content":"Hi"},
                  {"role":"developer","content":[{"type":"text","text":"Answer in French."}]},
                  {"role":"user","content":"Bye"}]}""");

        assertThat(body.path("systemInstruction")).isEqualTo(json("""
                {"parts":[{"text":"You are terse."},{"text":"Answer in French."}]}"""));
        assertThat(body.path("contents")).isEqualTo(json("""
                [{"role":"user","parts":[{"text":"Hi"},{"text":"Bye"}]}]"""));
    }

    @Test
    void rolesMapToUserAndModelAndConsecutiveTurnsMerge() throws Exception {
        JsonNode body = translate("""
                {"messages":[
                  {"role":"user","content":"One"},
                  {"role":"user","content":[{"type":"text","text":"Two"}]},
                  {"role":"assistant","content":"Three"},
                  {"role":"assistant","content":""},
                  {"role":"user","content":"Four"}]}""");

        assertThat(body.path("contents")).isEqualTo(json("""
                [{"role":"user","parts":[{"text":"One"},{"text":"Two"}]},
                 {"role":"model","parts":[{"text":"Three"}]},
                 {"role":"user","parts":[{"text":"Four"}]}]"""));
        assertThat(body.has("systemInstruction")).isFalse();
    }

    @Test
    void imagesByDataUrlOrFetchedUrlAreInlineAndGeminiFilesAreReferences() throws Exception {
        List<String> fetched = new ArrayList<>();
        JsonNode body = GeminiRequests.translate(object("""
                        {"messages":[{"role":"user","content":[
                          {"type":"text","text":"Compare"},
                          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
                          {"type":"image_url","image_url":{"url":"https://example.com/cat.WEBP?size=large#top"}},
                          {"type":"image_url","image_url":
                            {"url":"https://generativelanguage.googleapis.com/v1beta/files/abc-123"}},
                          {"type":"video_url","video_url":{"url":"https://www.youtube.com/watch?v=9hE5-98ZeCg"}},
                          {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}]}]}"""), PRO, Set.of(), (url, accepted) -> {
            fetched.add(url);
            assertThat(accepted).contains("image/png", "image/jpeg", "image/webp", "image/gif");
            return new GeminiMedia.Inline("image/webp", "UklGRiQAAABXRUJQ");
        });

        assertThat(body.at("/contents/0/parts")).isEqualTo(json("""
                [{"text":"Compare"},
                 {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
                 {"inlineData":{"mimeType":"image/webp","data":"UklGRiQAAABXRUJQ"}},
                 {"fileData":{"mimeType":"image/jpeg",
                   "fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc-123"}},
                 {"fileData":{"mimeType":"video/mp4","fileUri":"https://www.youtube.com/watch?v=9hE5-98ZeCg"}},
                 {"inlineData":{"mimeType":"audio/wav","data":"UklGRg=="}}]"""));
        assertThat(fetched).containsExactly("https://example.com/cat.WEBP?size=large#top");
    }

    @Test
    void urlsGeminiCannotReadAreRefusedWithoutAFetcher() {
        assertThatThrownBy(() -> translate("""
                        {"messages":[{"role":"user","content":[
                          {"type":"image_url","image_url":{"url":"https://example.com/render?id=7"}}]}]}"""))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("https://example.com/render?id=7");
    }

    @Test
    void pdfFilesBecomeInlinePdfData() throws Exception {
        JsonNode body = GeminiRequests.translate(object("""
                        {"messages":[{"role":"user","content":[
                          {"type":"file","file":{"filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQ="}},
                          {"type":"file","file":{"filename":"scan.pdf","file_data":"https://example.com/files/scan.pdf"}},
                          {"type":"text","text":"Summarise both."}]}]}"""), PRO, Set.of(), (url, accepted) -> {
            assertThat(url).isEqualTo("https://example.com/files/scan.pdf");
            assertThat(accepted).contains("application/pdf");
            return new GeminiMedia.Inline("application/pdf", "JVBERi0xLjc=");
        });

        assertThat(body.at("/contents/0/parts")).isEqualTo(json("""
                [{"inlineData":{"mimeType":"application/pdf","data":"JVBERi0xLjQ="}},
                 {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0xLjc="}},
                 {"text":"Summarise both."}]"""));
    }

    @Test
    void toolSchemasAreSanitisedToWhatGeminiAccepts() throws Exception {
        JsonNode body = translate("""
                {"messages":[{"role":"user","content":"Book it"}],
                 "tools":[{"type":"function","function":{"name":"book","description":"Books a trip","strict":true,
                   "parameters":{
                     "$schema":"http://json-schema.org/draft-07/schema#","title":"Booking","type":"object",
                     "additionalProperties":false,
                     "properties":{
                       "city":{"type":"string","title":"City","default":"Paris","examples":["Rome"],"minLength":1},
                       "when":{"type":["string","null"],"format":"date-time"},
                       "site":{"type":"string","format":"uri"},
                       "seats":{"type":"integer","exclusiveMinimum":0,"maximum":9,"format":"int32"},
                       "class":{"enum":["economy","business",null]},
                       "stars":{"type":"integer","enum":[3,4,5],"description":"Hotel class."},
                       "kind":{"const":"trip"},
                       "traveller":{"$ref":"#/$defs/person","description":"Who travels."},
                       "pet":{"anyOf":[{"$ref":"#/$defs/pet"},{"type":"null"}]},
                       "payment":{"oneOf":[{"type":"object","properties":{"card":{"type":"string"}}},
                                           {"type":"object","properties":{"iban":{"type":"string"}}}]},
                       "extras":{"allOf":[{"type":"object","properties":{"wifi":{"type":"boolean"}},"required":["wifi"]},
                                          {"properties":{"meals":{"type":"integer"}}}]},
                       "tags":{"type":"array","items":{"type":"string"},"uniqueItems":true,"minItems":1},
                       "amount":{"type":["number","string"]},
                       "meta":{"type":"object","additionalProperties":{"type":"string"}}},
                     "required":["city","ghost"],
                     "$defs":{
                       "person":{"type":"object","title":"Person","properties":{"name":{"type":"string"}},
                                 "required":["name"],"additionalProperties":false},
                       "pet":{"type":"object","properties":{"species":{"type":"string"}}}}}}}]}""");

        JsonNode declaration = body.at("/tools/0/functionDeclarations/0");
        assertThat(declaration.path("name").asString()).isEqualTo("book");
        assertThat(declaration.path("description").asString()).isEqualTo("Books a trip");
        assertThat(declaration.has("strict")).isFalse();
        assertThat(declaration.path("parameters")).isEqualTo(json("""
                {"type":"object",
                 "properties":{
                   "city":{"type":"string","minLength":1},
                   "when":{"type":"string","format":"date-time","nullable":true},
                   "site":{"type":"string"},
                   "seats":{"type":"integer","maximum":9,"format":"int32"},
                   "class":{"enum":["economy","business"],"type":"string","nullable":true},
                   "stars":{"type":"integer","description":"Hotel class. Allowed values: 3, 4, 5"},
                   "kind":{"enum":["trip"],"type":"string"},
                   "traveller":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],
                                "description":"Who travels."},
                   "pet":{"type":"object","properties":{"species":{"type":"string"}},"nullable":true},
                   "payment":{"anyOf":[{"type":"object","properties":{"card":{"type":"string"}}},
                                       {"type":"object","properties":{"iban":{"type":"string"}}}]},
                   "extras":{"type":"object","properties":{"wifi":{"type":"boolean"},"meals":{"type":"integer"}},
                             "required":["wifi"]},
                   "tags":{"type":"array","items":{"type":"string"},"minItems":1},
                   "amount":{"anyOf":[{"type":"number"},{"type":"string"}]},
                   "meta":{"type":"object"}},
                 "required":["city"]}"""));
    }

    @Test
    void recursiveReferencesStopAtAPlainObject() throws Exception {
        ObjectNode schema = GeminiSchemas.sanitize(json("""
                {"$ref":"#/definitions/node",
                 "definitions":{"node":{"type":"object","description":"A tree node.","properties":{
                   "value":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/definitions/node"}}}}}}"""));

        assertThat(schema).isEqualTo(json("""
                {"type":"object","description":"A tree node.","properties":{
                  "value":{"type":"string"},
                  "children":{"type":"array","items":{"type":"object","description":"A tree node."}}}}"""));
    }

    @Test
    void functionsWithoutArgumentsDeclareNoParameters() throws Exception {
        JsonNode body = translate("""
                {"messages":[{"role":"user","content":"Now?"}],
                 "tools":[{"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}},
                          {"type":"function","function":{"name":"today"}}]}""");

        assertThat(body.at("/tools/0/functionDeclarations")).isEqualTo(json("""
                [{"name":"now"},{"name":"today"}]"""));
        assertThat(body.has("toolConfig")).isFalse();
    }

    @Test
    void toolChoiceBecomesTheFunctionCallingMode() throws Exception {
        String tools = """
                "tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}]""";
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Go\"}]";

        assertThat(config("{" + messages + "," + tools + ",\"tool_choice\":\"auto\"}"))
                .isEqualTo(json("{\"mode\":\"AUTO\"}"));
        assertThat(config("{" + messages + "," + tools + ",\"tool_choice\":\"none\"}"))
                .isEqualTo(json("{\"mode\":\"NONE\"}"));
        assertThat(config("{" + messages + "," + tools + ",\"tool_choice\":\"required\"}"))
                .isEqualTo(json("{\"mode\":\"ANY\"}"));
        assertThat(config("{" + messages + "," + tools
                        + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"b\"}}}"))
                .isEqualTo(json("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"b\"]}"));
        assertThat(config("{" + messages + "," + tools + ",\"tool_choice\":{\"type\":\"allowed_tools\","
                        + "\"allowed_tools\":{\"mode\":\"auto\",\"tools\":[{\"type\":\"function\","
                        + "\"function\":{\"name\":\"a\"}}]}}}"))
                .isEqualTo(json("{\"mode\":\"VALIDATED\",\"allowedFunctionNames\":[\"a\"]}"));
    }

    @Test
    void toolResultsGetTheirFunctionNameBackFromTheCallingTurn() throws Exception {
        JsonNode body = translate("""
                {"messages":[
                  {"role":"user","content":"Weather and time in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_w","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_t","type":"function","function":{"name":"get_time","arguments":""}}]},
                  {"role":"tool","tool_call_id":"call_t","content":"14:05"},
                  {"role":"tool","tool_call_id":"call_w","content":[{"type":"text","text":"{\\"celsius\\":18}"}]},
                  {"role":"user","content":"Thanks"}]}""");

        assertThat(body.path("contents")).isEqualTo(json("""
                [{"role":"user","parts":[{"text":"Weather and time in Paris?"}]},
                 {"role":"model","parts":[
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                   {"functionCall":{"name":"get_time","args":{}}}]},
                 {"role":"user","parts":[
                   {"functionResponse":{"name":"get_time","response":{"output":"14:05"}}},
                   {"functionResponse":{"name":"get_weather","response":{"output":{"celsius":18}}}},
                   {"text":"Thanks"}]}]"""));
    }

    @Test
    void aToolResultWithoutItsCallIsRefusedBeforeSending() {
        UpstreamException failure = catchThrowableOfType(UpstreamException.class, () -> translate("""
                {"messages":[{"role":"user","content":"Hi"},
                  {"role":"tool","tool_call_id":"call_gone","content":"42"}]}"""));

        assertThat(failure.kind()).isEqualTo(Kind.HTTP_STATUS);
        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("call_gone");
    }

    @Test
    void thoughtSignaturesGoBackOnThePartsTheyCameFrom() throws Exception {
        JsonNode body = translate("""
                {"messages":[
                  {"role":"user","content":"Plan it"},
                  {"role":"assistant","content":"Checking.","tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"a","arguments":"{}"}},
                    {"id":"call_2","type":"function","function":{"name":"b","arguments":"not json"}}],
                   "reasoning_details":[
                     {"type":"reasoning.text","text":"Thinking...","format":"google-gemini-v1","index":0},
                     {"type":"reasoning.encrypted","data":"SIG-TEXT","id":null,"format":"google-gemini-v1","index":1},
                     {"type":"reasoning.encrypted","data":"SIG-1","id":"call_1","format":"google-gemini-v1","index":2},
                     {"type":"reasoning.encrypted","data":"FOREIGN","id":"call_2","format":"anthropic-claude-v1"}]},
                  {"role":"tool","tool_call_id":"call_1","content":"ok"},
                  {"role":"tool","tool_call_id":"call_2","content":"ok"}]}""");

        assertThat(body.at("/contents/1")).isEqualTo(json("""
                {"role":"model","parts":[
                  {"text":"Checking.","thoughtSignature":"SIG-TEXT"},
                  {"functionCall":{"name":"a","args":{}},"thoughtSignature":"SIG-1"},
                  {"functionCall":{"name":"b","args":{"arguments":"not json"}}}]}"""));
    }

    @Test
    void gemini3TurnsWithoutSignaturesGetTheDocumentedSkipValue() throws Exception {
        String request = """
                {"messages":[
                  {"role":"user","content":"Go"},
                  {"role":"assistant","tool_calls":[
                    {"id":"x","type":"function","function":{"name":"a","arguments":"{}"}},
                    {"id":"y","type":"function","function":{"name":"b","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"x","content":"1"},
                  {"role":"tool","tool_call_id":"y","content":"2"}]}""";

        JsonNode gemini3 = GeminiRequests.translate(object(request), "gemini-3-flash-preview", Set.of());
        JsonNode gemini25 = GeminiRequests.translate(object(request), PRO, Set.of());

        assertThat(gemini3.at("/contents/1/parts/0/thoughtSignature").asString())
                .isEqualTo("skip_thought_signature_validator");
        assertThat(gemini3.at("/contents/1/parts/1").has("thoughtSignature")).isFalse();
        assertThat(gemini25.at("/contents/1/parts/0").has("thoughtSignature")).isFalse();
    }

    @Test
    void reasoningBecomesAThinkingBudgetOnGemini25() throws Exception {
        assertThat(thinking(PRO, "\"reasoning\":{\"effort\":\"high\"},\"max_tokens\":10000"))
                .isEqualTo(json("{\"thinkingBudget\":8000,\"includeThoughts\":true}"));
        assertThat(thinking(PRO, "\"reasoning\":{\"effort\":\"low\"}"))
                .as("base without max_tokens is the largest budget, 32768")
                .isEqualTo(json("{\"thinkingBudget\":6554,\"includeThoughts\":true}"));
        assertThat(thinking(PRO, "\"reasoning_effort\":\"minimal\",\"max_tokens\":500"))
                .as("clamped to Pro's minimum")
                .isEqualTo(json("{\"thinkingBudget\":128,\"includeThoughts\":true}"));
        assertThat(thinking(PRO, "\"reasoning\":{\"max_tokens\":2048,\"exclude\":true}"))
                .isEqualTo(json("{\"thinkingBudget\":2048,\"includeThoughts\":false}"));
        assertThat(thinking(PRO, "\"reasoning\":{\"enabled\":true}"))
                .isEqualTo(json("{\"thinkingBudget\":16384,\"includeThoughts\":true}"));
        assertThat(thinking(PRO, "\"reasoning\":{\"enabled\":false}"))
                .as("Pro cannot stop thinking")
                .isEqualTo(json("{\"thinkingBudget\":128,\"includeThoughts\":false}"));
        assertThat(thinking("gemini-2.5-flash", "\"reasoning\":{\"effort\":\"none\"}"))
                .isEqualTo(json("{\"thinkingBudget\":0,\"includeThoughts\":false}"));
        assertThat(thinking("gemini-2.5-flash", "\"reasoning\":{\"effort\":\"xhigh\"}"))
                .isEqualTo(json("{\"thinkingBudget\":23347,\"includeThoughts\":true}"));
        assertThat(thinking(PRO, "\"temperature\":0.3")).isNull();
    }

    @Test
    void reasoningBecomesAThinkingLevelOnGemini3() throws Exception {
        assertThat(thinking("gemini-3-pro-preview", "\"reasoning\":{\"effort\":\"medium\"}"))
                .isEqualTo(json("{\"thinkingLevel\":\"HIGH\",\"includeThoughts\":true}"));
        assertThat(thinking("gemini-3-flash-preview", "\"reasoning\":{\"effort\":\"medium\"}"))
                .isEqualTo(json("{\"thinkingLevel\":\"MEDIUM\",\"includeThoughts\":true}"));
        assertThat(thinking("gemini-3-flash-preview", "\"reasoning_effort\":\"minimal\""))
                .isEqualTo(json("{\"thinkingLevel\":\"MINIMAL\",\"includeThoughts\":true}"));
        assertThat(thinking("gemini-3.1-pro-preview", "\"reasoning\":{\"effort\":\"none\"}"))
                .isEqualTo(json("{\"thinkingLevel\":\"LOW\",\"includeThoughts\":false}"));
        assertThat(thinking("gemini-3-flash-preview", "\"reasoning\":{\"max_tokens\":3000}"))
                .isEqualTo(json("{\"thinkingBudget\":3000,\"includeThoughts\":true}"));
    }

    @Test
    void responseFormatsSetTheMimeTypeAndASanitisedSchema() throws Exception {
        JsonNode schema = translate("""
                {"messages":[{"role":"user","content":"A city"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"city","strict":true,"schema":{
                   "type":"object","additionalProperties":false,
                   "properties":{"name":{"type":"string"},"population":{"type":["integer","null"]}},
                   "required":["name","population"]}}}}""").path("generationConfig");
        JsonNode object = translate("""
                {"messages":[{"role":"user","content":"A city"}],"response_format":{"type":"json_object"}}""").path("generationConfig");

        assertThat(schema).isEqualTo(json("""
                {"responseMimeType":"application/json",
                 "responseSchema":{"type":"object",
                   "properties":{"name":{"type":"string"},"population":{"type":"integer","nullable":true}},
                   "required":["name","population"]}}"""));
        assertThat(object).isEqualTo(json("{\"responseMimeType\":\"application/json\"}"));
    }

    @Test
    void samplingParametersGoToTheGenerationConfig() throws Exception {
        String request = """
                {"messages":[{"role":"user","content":"Hi"}],"max_tokens":256,"temperature":0.2,"top_p":0.9,
                 "top_k":40,"seed":7,"stop":"###","presence_penalty":0.5,"logit_bias":{"1":2}}""";

        assertThat(translate(request).path("generationConfig")).isEqualTo(json("""
                {"maxOutputTokens":256,"temperature":0.2,"topP":0.9,"topK":40,"seed":7,"presencePenalty":0.5,
                 "stopSequences":["###"]}"""));
        assertThat(GeminiRequests.translate(object(request), PRO, Set.of("temperature", "stop"))
                        .path("generationConfig"))
                .isEqualTo(
                        json("{\"maxOutputTokens\":256,\"topP\":0.9,\"topK\":40,\"seed\":7,\"presencePenalty\":0.5}"));
        assertThat(translate("""
                        {"messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":64,"max_tokens":9,
                         "stop":["a","b"]}""").path("generationConfig"))
                .isEqualTo(json("{\"maxOutputTokens\":64,\"stopSequences\":[\"a\",\"b\"]}"));
    }

    @Test
    void urlsFollowTheBaseUrlAndModel() {
        assertThat(GeminiAdapter.url("https://generativelanguage.googleapis.com", PRO, false))
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent");
        assertThat(GeminiAdapter.url("https://generativelanguage.googleapis.com/v1beta/", PRO, true))
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro"
                        + ":streamGenerateContent?alt=sse");
    }

    private static JsonNode translate(String request) throws UpstreamException {
        return GeminiRequests.translate(object(request), PRO, Set.of("logit_bias"));
    }

    private static JsonNode config(String request) throws UpstreamException {
        return translate(request).at("/toolConfig/functionCallingConfig");
    }

    private static JsonNode thinking(String model, String fields) throws UpstreamException {
        JsonNode config = GeminiRequests.translate(
                        object("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]," + fields + "}"),
                        model,
                        Set.of())
                .at("/generationConfig/thinkingConfig");
        return config.isMissingNode() ? null : config;
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    private static JsonNode json(String json) {
        return Json.MAPPER.readTree(json);
    }
}

package io.gallium.net.linux.internal.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The README's "Other network managers" shows the snippets the refusals recommend, exactly, and the
 * state each manager then keeps reads as "no claim" through the parsers.
 */
class ReadmeSnippetsTest {
  private static final String DEVICE = "eth1";

  private static String readme() throws IOException {
    return Files.readString(Path.of("../README.md"));
  }

  /** The fenced code block that comes first after the line containing {@code phrase}. */
  private static String blockAfter(String readme, String phrase) {
    List<String> lines = readme.lines().toList();
    int at = 0;
    while (at < lines.size() && !lines.get(at).contains(phrase)) {
      at++;
    }
    assertTrue(at < lines.size(), "README has no line with: " + phrase);
    while (!lines.get(at).strip().startsWith("```")) {
      at++;
    }
    List<String> block = new ArrayList<>();
    for (at++; !lines.get(at).strip().startsWith("```"); at++) {
      block.add(lines.get(at).strip());
    }
    return String.join("\n", block) + "\n";
  }

  @Test
  void networkdsSnippetIsTheOneTheRefusalGivesAndItsStateClaimsNothing() throws IOException {
    String readme = readme();
    assertEquals(
        NetworkdLinks.unmanagedNetworkFile(DEVICE),
        blockAfter(readme, "**systemd-networkd**: write"));
    assertTrue(readme.contains("`" + NetworkdLinks.unmanagedNetworkPath(DEVICE) + "`"));
    assertEquals(
        Optional.empty(),
        NetworkdLinks.parse(blockAfter(readme, "which claims nothing"), "README", DEVICE));
    // The sample refusal in the README is the one the parser's claim makes.
    assertTrue(
        readme
            .replaceAll("\\s+", " ")
            .contains(
                NetworkdLinks.parse(NetworkdLinksTest.CONFIGURED, "f", DEVICE)
                    .orElseThrow()
                    .unmanage()),
        "the sample refusal's advice");
  }

  @Test
  void networkManagersSnippetsAreTheOnesTheRefusalGivesAndItsStateClaimsNothing()
      throws IOException {
    String readme = readme();
    assertTrue(readme.contains("`" + NetworkManagerDevices.unmanageCommand(DEVICE) + "`"));
    assertTrue(readme.contains("`" + NetworkManagerDevices.unmanagedConfPath(DEVICE) + "`"));
    assertEquals(
        NetworkManagerDevices.unmanagedConfFile(DEVICE),
        blockAfter(readme, "for good `/etc/NetworkManager/conf.d/"));
    assertEquals(
        Optional.empty(),
        NetworkManagerDevices.parse(
            blockAfter(readme, "neither of which claims"), "README", DEVICE));
  }

  @Test
  void ifupdownsAdviceIsTheOneTheRefusalGives() throws IOException {
    String advice = IfupdownState.unmanageAdvice(DEVICE);
    String readme = readme().replace("`", "\"").replaceAll("\\s+", " ");
    assertTrue(readme.contains(advice), advice);
  }
}

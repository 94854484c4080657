import { describe, expect, it } from "vitest";
import { toComposeFilePath } from "../../../src/impact/compose-file-path.js";

describe("toComposeFilePath", () => {
  it("spells model keys as the compose file does and keeps the names the user chose", () => {
    expect(toComposeFilePath(["services", "web", "deploy", "restartPolicy", "maxAttempts"])).toEqual(["services", "web", "deploy", "restart_policy", "max_attempts"]);
    expect(toComposeFilePath(["services", "webApp", "environment", "logLevel"])).toEqual(["services", "webApp", "environment", "logLevel"]);
    expect(toComposeFilePath(["services", "web", "deploy", "labels", "com.example.tierName"])).toEqual(["services", "web", "deploy", "labels", "com.example.tierName"]);
    expect(toComposeFilePath(["services", "web", "networks", "backEnd", "ipv4Address"])).toEqual(["services", "web", "networks", "backEnd", "ipv4_address"]);
    expect(toComposeFilePath(["services", "web", "deploy", "placement", "maxReplicas"])).toEqual(["services", "web", "deploy", "placement", "max_replicas_per_node"]);
    expect(toComposeFilePath(["services", "web", "ports", 1, "hostIp"])).toEqual(["services", "web", "ports", 1, "host_ip"]);
    expect(toComposeFilePath(["services", "web", "extras", "x-myField"])).toEqual(["services", "web", "x-myField"]);
    // A service named like a model key is still a name.
    expect(toComposeFilePath(["services", "labels", "stopGracePeriod"])).toEqual(["services", "labels", "stop_grace_period"]);
  });
});

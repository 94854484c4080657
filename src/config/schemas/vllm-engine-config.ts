import { z } from "zod";
import { Port, Text } from "./primitives.js";

/** The vLLM engine settings of a model-serving LXC, grouped as vLLM groups them. */
export const VllmEngineConfig = z.looseObject({
  /** Which model to serve and how to load it. */
  ModelConfig: z
    .looseObject({
      /** Hugging Face model id. */
      model: Text.describe("Hugging Face model id."),
      /** Allow the model's own code. */
      trust_remote_code: z.boolean().describe("Allow the model's own Python code."),
      /** Weight data type (`auto`). */
      dtype: Text.describe("Weight data type, e.g. auto."),
      /** Context length in tokens. */
      max_model_len: z.number().int().positive().describe("Context length in tokens."),
    })
    .describe("Which model to serve and how to load it."),
  /** KV cache settings. */
  CacheConfig: z
    .looseObject({
      /** Quantization method (`fp8`, `awq_marlin`). */
      quantization: Text.optional().describe("Quantization method, e.g. fp8 or awq_marlin."),
      /** Fraction of GPU memory vLLM may use. */
      gpu_memory_utilization: z.number().gt(0).max(1).describe("Fraction of GPU memory vLLM may use (0–1]."),
    })
    .describe("KV cache settings."),
  /** Parallelism across GPUs. */
  ParallelConfig: z
    .looseObject({
      /** Number of GPUs one model is split across. */
      tensor_parallel_size: z.number().int().positive().describe("Number of GPUs the model is split across."),
    })
    .describe("Parallelism across GPUs."),
  /** The OpenAI-compatible API server. */
  ServerConfig: z
    .looseObject({
      /** Listen address. */
      host: Text.describe("Listen address, e.g. 0.0.0.0."),
      /** Listen port. */
      port: Port.describe("Listen port."),
      /** Model name clients ask for. */
      served_model_name: Text.describe("Model name clients ask for."),
    })
    .describe("The OpenAI-compatible API server."),
});

import { joinGoPath } from "../../go/filepath.js";

/** `absPath` in the loader: absolute paths are kept, others joined to the working directory. */
export function absPath(workingDir: string, filePath: string): string {
  return filePath.startsWith("/") ? filePath : joinGoPath(workingDir, filePath);
}

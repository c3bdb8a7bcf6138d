import { secretKey, signToken } from '../auth/sign-token.js';
import type { Config } from '../config/config.js';

/** Prints a signed bearer token (`cellgate token`). */
export async function tokenCommand(
  config: Config,
  options: {
    readonly user: string;
    readonly project: string;
    readonly admin?: boolean;
    readonly expiresIn?: string;
  },
): Promise<string> {
  return signToken(
    {
      userId: options.user,
      projectId: options.project,
      isAdmin: options.admin === true,
      ...(options.expiresIn ? { expiresIn: options.expiresIn } : {}),
    },
    secretKey(config.jwtSecret),
  );
}

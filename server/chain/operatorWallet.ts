import { Wallet, type BaseWallet, type Provider } from "ethers";
import { ConfigError, type OperatorKeyConfig } from "../config";
import { KeystoreError, openKeystore } from "../../protocol/keystore";

/**
 * An operator key of the external chain (the relayer's or the registrar's), from its raw key or its
 * encrypted keystore. A keystore that cannot be opened stops the start with a configuration error
 * naming the variable and the file, never the password.
 */
export async function operatorWallet(key: OperatorKeyConfig, provider: Provider, variable: string): Promise<BaseWallet> {
  if ("privateKey" in key) return new Wallet(key.privateKey, provider);
  try {
    return (await openKeystore(key.keystore, () => key.password)).connect(provider);
  } catch (error) {
    if (error instanceof KeystoreError) throw new ConfigError(`${variable}: ${error.message}`, { cause: error });
    throw error;
  }
}

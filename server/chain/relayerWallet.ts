import { Wallet, type BaseWallet, type Provider } from "ethers";
import { ConfigError, type RelayerKeyConfig } from "../config";
import { KeystoreError, openKeystore } from "../crypto/keystore";

/**
 * The external chain's relayer, from its raw key or its encrypted keystore. A keystore that cannot
 * be opened stops the start with a configuration error naming the file, never the password.
 */
export async function relayerWallet(key: RelayerKeyConfig, provider: Provider): Promise<BaseWallet> {
  if ("privateKey" in key) return new Wallet(key.privateKey, provider);
  try {
    return (await openKeystore(key.keystore, () => key.password)).connect(provider);
  } catch (error) {
    if (error instanceof KeystoreError) throw new ConfigError(`RELAYER_KEYSTORE: ${error.message}`, { cause: error });
    throw error;
  }
}

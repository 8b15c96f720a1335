import { type DynamicModule, Global, Module } from '@nestjs/common';
import { FieldCipher } from './field-cipher';
import { type FieldKeys, loadFieldKeys } from './field-keys';

/** Provides one `FieldCipher` (keys from FIELD_ENCRYPTION_KEYS/BLIND_INDEX_KEY, or local `.data/keys` in dev). */
@Global()
@Module({})
export class CryptoModule {
  static forRoot(options: { keys?: FieldKeys } = {}): DynamicModule {
    return {
      module: CryptoModule,
      providers: [{ provide: FieldCipher, useFactory: () => new FieldCipher(options.keys ?? loadFieldKeys()) }],
      exports: [FieldCipher],
    };
  }
}

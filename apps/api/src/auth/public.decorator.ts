import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'nrm:isPublic';

/** Opts an operation out of authentication. Allowed only on operations listed in PUBLIC_OPERATIONS (tested). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The complete list of operations that may be public; the resolver-metadata test fails on any other. */
export const PUBLIC_OPERATIONS: readonly string[] = ['HealthResolver.health'];

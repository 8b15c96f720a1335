import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '../auth/public.decorator';

@Resolver()
export class HealthResolver {
  /** Liveness for load balancers; no data. The only public operation. */
  @Public()
  @Query(() => String, { description: 'Always "ok" while the process serves requests.' })
  health(): string {
    return 'ok';
  }
}

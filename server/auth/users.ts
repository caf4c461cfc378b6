import type { User } from '../../shared/protocol/entities';
import type { AuthUser } from './tokens';

export function toUser(user: AuthUser): User {
  return { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, phone: user.phone, isAdmin: user.isAdmin };
}

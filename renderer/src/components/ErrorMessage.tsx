export function ErrorMessage({ error, id }: { error: { message: string } | null | undefined; id?: string }) {
  if (!error) return null;
  return (
    <p className="error-message" role="alert" id={id}>
      {error.message}
    </p>
  );
}

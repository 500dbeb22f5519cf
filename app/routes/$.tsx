// Any address no other route claims: a real 404, shown by the root error boundary.
export function loader() {
  throw new Response("There is nothing at this address. It may have been moved or deleted.", { status: 404 });
}

export default function NotFound() {
  return null;
}
